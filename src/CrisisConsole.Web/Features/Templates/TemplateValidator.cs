using System.Text.RegularExpressions;
using CrisisConsole.Gateways.Sms;

namespace CrisisConsole.Web.Features.Templates;

/// <summary>
/// Checks a template draft and returns every problem at once, each with the language it concerns and
/// a message that says what to change. Pure, so the editor can run it on every keystroke and the
/// service runs the very same rules before storing.
/// </summary>
public static partial class TemplateValidator
{
    public static TemplateValidation Validate(TemplateDraft draft, IReadOnlyDictionary<string, string>? sampleValues = null)
    {
        var problems = new List<TemplateProblem>();
        ValidateName(draft.Name, problems);
        if ((draft.Description ?? "").Length > MessageTemplate.DescriptionMaxLength)
        {
            problems.Add(Error(TemplateField.Description, null, $"The description is {draft.Description!.Length} characters; keep it to {MessageTemplate.DescriptionMaxLength}."));
        }

        var declared = ValidateVariables(draft.Variables, problems);
        ValidateLanguages(draft, problems);
        var reference = draft.DefaultVariant;
        foreach (var variant in draft.Variants)
        {
            var language = variant.Language.Trim();
            ValidateText(variant, language, declared, sampleValues, problems);
            ValidateQuickReplies(variant, language, reference, problems);
            ValidateWhatsApp(variant, language, problems);
        }

        return new TemplateValidation(problems);
    }

    /// <summary>Length of a button title as WhatsApp counts it: characters (code points), not UTF-16 units.</summary>
    public static int TitleLength(string? title) => (title ?? "").EnumerateRunes().Count();

    public static bool IsValidContentSid(string? sid) => sid is not null && ContentSidPattern().IsMatch(sid);

    public static bool IsValidMetaTemplateName(string? name) => name is not null && MetaNamePattern().IsMatch(name);

    private static void ValidateName(string? name, List<TemplateProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add(Error(TemplateField.Name, null, "Give the template a name, e.g. safety-check. Scripts and the API use it."));
        }
        else if (!TemplateNamePattern().IsMatch(name))
        {
            problems.Add(Error(TemplateField.Name, null,
                $"The name \"{name}\" may only hold lowercase letters, digits, hyphens and underscores, must start with a letter or digit, and be at most {MessageTemplate.NameMaxLength} characters (e.g. safety-check)."));
        }
    }

    private static HashSet<string> ValidateVariables(List<string> variables, List<TemplateProblem> problems)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        if (variables.Count > TemplateLimits.MaxVariables)
        {
            problems.Add(Error(TemplateField.Variables, null, $"There are {variables.Count} variables; a template may declare at most {TemplateLimits.MaxVariables}."));
        }

        foreach (var variable in variables)
        {
            if (!VariableNamePattern().IsMatch(variable))
            {
                problems.Add(Error(TemplateField.Variables, null,
                    $"The variable name \"{variable}\" is not allowed: use lowercase letters, digits and underscores, starting with a letter, at most {TemplateLimits.VariableNameMaxLength} characters (e.g. event_time)."));
            }
            else if (!declared.Add(variable))
            {
                problems.Add(Error(TemplateField.Variables, null, $"The variable \"{variable}\" is declared twice; remove one."));
            }
        }

        return declared;
    }

    private static void ValidateLanguages(TemplateDraft draft, List<TemplateProblem> problems)
    {
        if (draft.Variants.Count == 0)
        {
            problems.Add(Error(TemplateField.Variants, null, "Add at least one language variant."));
        }

        var defaultLanguage = (draft.DefaultLanguage ?? "").Trim();
        if (defaultLanguage.Length == 0)
        {
            problems.Add(Error(TemplateField.DefaultLanguage, null, "Choose the default language, used for recipients whose language has no variant."));
        }
        else if (draft.Variants.Count > 0 && draft.DefaultVariant is null)
        {
            problems.Add(Error(TemplateField.DefaultLanguage, null,
                $"There is no variant for the default language \"{defaultLanguage}\". Add that variant or choose another default."));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var variant in draft.Variants)
        {
            var language = variant.Language.Trim();
            if (!LanguageTags.IsWellFormed(language))
            {
                problems.Add(Error(TemplateField.Language, language,
                    $"\"{language}\" is not a language tag. Use a BCP 47 tag such as en, fr, ar or fr-CA."));
            }
            else if (!seen.Add(LanguageTags.Normalize(language)))
            {
                problems.Add(Error(TemplateField.Language, language, $"There are two variants for \"{language}\"; keep one."));
            }
        }
    }

    private static void ValidateText(VariantDraft variant, string language, HashSet<string> declared, IReadOnlyDictionary<string, string>? sampleValues, List<TemplateProblem> problems)
    {
        var text = variant.Text ?? "";
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(Error(TemplateField.Text, language, "The text is empty. Write the message for this language."));
            return;
        }

        var used = TemplateRenderer.Placeholders(text);
        var declaredList = declared.Count == 0 ? "none" : string.Join(", ", declared);
        foreach (var name in used.Where(n => !declared.Contains(n)))
        {
            problems.Add(Error(TemplateField.Text, language,
                $"The text uses {{{{{name}}}}}, which is not a declared variable (declared: {declaredList}). Declare it, or correct the spelling."));
        }

        foreach (var name in declared.Where(d => !used.Contains(d, StringComparer.Ordinal)))
        {
            problems.Add(Error(TemplateField.Text, language,
                $"The text does not use the declared variable {{{{{name}}}}}. Every language must use every variable; add it or remove the declaration."));
        }

        foreach (var excerpt in TemplateRenderer.MalformedPlaceholders(text))
        {
            problems.Add(Error(TemplateField.Text, language,
                $"Broken placeholder near \"{excerpt.Trim()}\". Write placeholders as {{{{name}}}} with a declared name, or remove the braces."));
        }

        if (text.Length > TemplateLimits.WhatsAppTextMaxLength)
        {
            problems.Add(Error(TemplateField.Text, language,
                $"The text is {text.Length} characters; WhatsApp accepts at most {TemplateLimits.WhatsAppTextMaxLength}. Shorten it."));
        }

        if (text.Length > TemplateLimits.SmsBodyMaxLength)
        {
            problems.Add(Error(TemplateField.Text, language,
                $"The text is {text.Length} characters; an SMS (the fallback channel) holds at most {TemplateLimits.SmsBodyMaxLength}. Shorten it."));
        }
        else
        {
            // What is sent is the text with the values in it, so count segments on that when samples are given.
            var sent = sampleValues is null ? text : TemplateRenderer.Render(text, sampleValues).Text;
            var sms = SmsSegmentCounter.Count(sent);
            if (sms.Segments > TemplateLimits.SmsSegmentsWarningThreshold)
            {
                var encoding = sms.Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "UCS-2";
                problems.Add(Warning(TemplateField.Text, language,
                    $"As an SMS this takes {sms.Segments} segments ({encoding}); more than {TemplateLimits.SmsSegmentsWarningThreshold} costs more and may arrive out of order. Consider shortening it."));
            }
        }

        if (text.Length > TemplateLimits.WhatsAppTemplateBodyMaxLength && HasWhatsAppReference(variant))
        {
            problems.Add(Warning(TemplateField.Text, language,
                $"The text is {text.Length} characters, but an approved WhatsApp template body holds at most {TemplateLimits.WhatsAppTemplateBodyMaxLength}; the approved template cannot match it."));
        }
    }

    private static void ValidateQuickReplies(VariantDraft variant, string language, VariantDraft? reference, List<TemplateProblem> problems)
    {
        var replies = variant.QuickReplies;
        if (replies.Count > TemplateLimits.MaxQuickReplies)
        {
            problems.Add(Error(TemplateField.QuickReplies, language,
                $"There are {replies.Count} quick replies; WhatsApp shows at most {TemplateLimits.MaxQuickReplies}. Remove {replies.Count - TemplateLimits.MaxQuickReplies}."));
        }

        var payloads = new HashSet<string>(StringComparer.Ordinal);
        var titles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < replies.Count; i++)
        {
            var reply = replies[i];
            var label = $"Quick reply {i + 1}";
            var title = (reply.Title ?? "").Trim();
            var payload = (reply.Payload ?? "").Trim();
            if (title.Length == 0)
            {
                problems.Add(Error(TemplateField.QuickReplies, language, $"{label} has no title. Write the text of the button."));
            }
            else if (TitleLength(title) > TemplateLimits.QuickReplyTitleMaxLength)
            {
                problems.Add(Error(TemplateField.QuickReplies, language,
                    $"{label} \"{title}\" is {TitleLength(title)} characters; button titles hold at most {TemplateLimits.QuickReplyTitleMaxLength}."));
            }
            else if (!titles.Add(title))
            {
                problems.Add(Error(TemplateField.QuickReplies, language, $"Two quick replies are titled \"{title}\"; WhatsApp needs distinct titles."));
            }

            if (payload.Length == 0)
            {
                problems.Add(Error(TemplateField.QuickReplies, language, $"{label} has no reply id. Give it a stable id such as SAFE or HELP."));
            }
            else if (!PayloadPattern().IsMatch(payload))
            {
                problems.Add(Error(TemplateField.QuickReplies, language,
                    $"{label} has the reply id \"{payload}\"; use uppercase letters, digits and underscores, starting with a letter, at most {TemplateLimits.QuickReplyPayloadMaxLength} characters (e.g. SAFE)."));
            }
            else if (!payloads.Add(payload))
            {
                problems.Add(Error(TemplateField.QuickReplies, language, $"The reply id {payload} is used twice; each button needs its own."));
            }
        }

        // Replies are classified by id, whatever the language, so every language must offer the same
        // buttons in the same order (Meta also addresses them by index).
        if (reference is not null && !ReferenceEquals(reference, variant))
        {
            var expected = reference.QuickReplies.Select(r => (r.Payload ?? "").Trim()).ToList();
            var actual = replies.Select(r => (r.Payload ?? "").Trim()).ToList();
            if (!expected.SequenceEqual(actual, StringComparer.Ordinal))
            {
                problems.Add(Error(TemplateField.QuickReplies, language,
                    $"The quick replies ({Describe(actual)}) differ from the default language's ({Describe(expected)}). Every language must offer the same reply ids in the same order."));
            }
        }
    }

    private static void ValidateWhatsApp(VariantDraft variant, string language, List<TemplateProblem> problems)
    {
        var sid = variant.TwilioContentSid?.Trim();
        if (!string.IsNullOrEmpty(sid) && !IsValidContentSid(sid))
        {
            problems.Add(Error(TemplateField.WhatsApp, language,
                $"The Twilio Content SID \"{sid}\" is not valid: it is HX followed by 32 hexadecimal characters (copy it from the Twilio Content Template Builder)."));
        }

        var name = variant.MetaTemplateName?.Trim();
        var metaLanguage = variant.MetaTemplateLanguage?.Trim();
        if (!string.IsNullOrEmpty(name) && !IsValidMetaTemplateName(name))
        {
            problems.Add(Error(TemplateField.WhatsApp, language,
                $"The Meta template name \"{name}\" is not valid: use lowercase letters, digits and underscores only (e.g. safety_check)."));
        }

        if (!string.IsNullOrEmpty(name) && string.IsNullOrEmpty(metaLanguage))
        {
            problems.Add(Error(TemplateField.WhatsApp, language, "Give the Meta template language as well as its name (e.g. en, fr, ar, en_US)."));
        }
        else if (string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(metaLanguage))
        {
            problems.Add(Error(TemplateField.WhatsApp, language, "Give the Meta template name as well as its language, or clear the language."));
        }

        if (!string.IsNullOrEmpty(metaLanguage))
        {
            if (!LanguageTags.IsWellFormedMetaCode(metaLanguage))
            {
                problems.Add(Error(TemplateField.WhatsApp, language,
                    $"The Meta template language \"{metaLanguage}\" is not a language code. Use the code the template was approved in, e.g. en, fr, ar or en_US."));
            }
            else if (LanguageTags.IsWellFormed(language) && LanguageTags.PrimaryLanguage(metaLanguage) != LanguageTags.PrimaryLanguage(language))
            {
                problems.Add(Warning(TemplateField.WhatsApp, language,
                    $"The Meta template language \"{metaLanguage}\" is not the language of this variant ({language}); recipients would get the other language's template."));
            }
        }

        if (!HasWhatsAppReference(variant))
        {
            problems.Add(Warning(TemplateField.WhatsApp, language,
                "No WhatsApp template reference: outside the 24-hour window this language can reach people by SMS only. Add the Twilio Content SID or the Meta template."));
        }
    }

    private static bool HasWhatsAppReference(VariantDraft variant) =>
        !string.IsNullOrWhiteSpace(variant.TwilioContentSid) || !string.IsNullOrWhiteSpace(variant.MetaTemplateName);

    private static string Describe(List<string> payloads) => payloads.Count == 0 ? "none" : string.Join(", ", payloads);

    private static TemplateProblem Error(TemplateField field, string? language, string message) => new(ProblemSeverity.Error, field, language, message);

    private static TemplateProblem Warning(TemplateField field, string? language, string message) => new(ProblemSeverity.Warning, field, language, message);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateNamePattern();

    [GeneratedRegex(@"^[a-z][a-z0-9_]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableNamePattern();

    [GeneratedRegex(@"^[A-Z][A-Z0-9_]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex PayloadPattern();

    [GeneratedRegex(@"^HX[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ContentSidPattern();

    [GeneratedRegex(@"^[a-z0-9_]{1,512}$", RegexOptions.CultureInvariant)]
    private static partial Regex MetaNamePattern();
}
