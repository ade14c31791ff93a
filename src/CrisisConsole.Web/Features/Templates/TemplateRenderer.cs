using System.Text.RegularExpressions;

namespace CrisisConsole.Web.Features.Templates;

/// <summary>Text with its placeholders filled, and the variables that had no value.</summary>
public sealed record RenderedText(string Text, IReadOnlyList<string> MissingVariables)
{
    public bool IsComplete => MissingVariables.Count == 0;
}

/// <summary>A template rendered for one recipient language: which variant was used and its text.</summary>
public sealed record RenderedMessage(TemplateVariant Variant, string Text, IReadOnlyList<string> MissingVariables)
{
    public string Language => Variant.Language;
    public bool IsComplete => MissingVariables.Count == 0;
}

/// <summary>The values for a WhatsApp template's {{1}}, {{2}}…, in order, with the names they came from.</summary>
public sealed record PositionalParameters(IReadOnlyList<string> Names, IReadOnlyList<string> Values, IReadOnlyList<string> MissingVariables)
{
    public bool IsComplete => MissingVariables.Count == 0;
}

/// <summary>
/// Turns templates into the text people receive. Pure: no I/O, no clock, so the editor preview, the
/// composer preview and the dispatcher all render the same way.
/// <list type="bullet">
/// <item>A placeholder is <c>{{name}}</c> (spaces inside the braces allowed); names are letters, digits and underscores.</item>
/// <item>A variable is missing when it has no value or only white space; its placeholder is left as written and reported.</item>
/// <item>Values are inserted once and never re-read, so a value that contains <c>{{x}}</c> stays literal.</item>
/// </list>
/// </summary>
public static partial class TemplateRenderer
{
    private static readonly Dictionary<string, string> DrillPrefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "[DRILL]",
        ["fr"] = "[EXERCICE]",
        ["ar"] = "[تمرين]",
    };

    /// <summary>The distinct placeholder names of a text, in the order they first appear.</summary>
    public static IReadOnlyList<string> Placeholders(string? text)
    {
        var names = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return names;
        }

        foreach (Match match in PlaceholderPattern().Matches(text))
        {
            var name = match.Groups[1].Value;
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>
    /// Braces that do not form a placeholder ("{{org", "{{ two words }}"), which would otherwise
    /// reach recipients as literal text. Returns a short excerpt around each one.
    /// </summary>
    public static IReadOnlyList<string> MalformedPlaceholders(string? text)
    {
        var found = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return found;
        }

        // Blank out the well-formed placeholders (keeping positions), then look for stray braces.
        var blanked = PlaceholderPattern().Replace(text, m => new string(' ', m.Length));
        foreach (Match match in StrayBracesPattern().Matches(blanked))
        {
            var start = Math.Max(0, match.Index - 10);
            var end = Math.Min(text.Length, match.Index + match.Length + 10);
            found.Add(text[start..end].ReplaceLineEndings(" "));
        }

        return found;
    }

    /// <summary>Fills the placeholders of a text from the values.</summary>
    public static RenderedText Render(string? text, IReadOnlyDictionary<string, string> values)
    {
        var missing = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return new RenderedText("", missing);
        }

        var rendered = PlaceholderPattern().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            if (TryGetValue(values, name, out var value))
            {
                return value;
            }

            if (!missing.Contains(name, StringComparer.Ordinal))
            {
                missing.Add(name);
            }

            return match.Value;
        });
        return new RenderedText(rendered, missing);
    }

    /// <summary>
    /// Renders the template for a recipient: picks the variant (see <see cref="SelectVariant"/>),
    /// fills it and, for a drill, puts the drill prefix of the variant's language in front.
    /// Returns null only when the template has no variant at all.
    /// </summary>
    public static RenderedMessage? Render(MessageTemplate template, string? recipientLanguage, IReadOnlyDictionary<string, string> values, bool isDrill = false)
    {
        var variant = SelectVariant(template, recipientLanguage);
        if (variant is null)
        {
            return null;
        }

        var rendered = Render(variant.Text, values);
        var text = isDrill ? WithDrillPrefix(rendered.Text, variant.Language) : rendered.Text;
        return new RenderedMessage(variant, text, rendered.MissingVariables);
    }

    /// <summary>
    /// The variant for a recipient's language: the exact tag, then its parents (fr-CA → fr), then the
    /// template's default language (and its parents). Tags compare case-insensitively and "_" counts
    /// as "-". If even the default variant is missing (an invalid template), the first variant is used
    /// rather than sending nothing. Null only when there is no variant.
    /// </summary>
    public static TemplateVariant? SelectVariant(MessageTemplate template, string? recipientLanguage)
    {
        var language = ResolveLanguage(template.Variants.Select(v => v.Language), recipientLanguage, template.DefaultLanguage);
        return language is null
            ? template.Variants.FirstOrDefault()
            : template.Variants.First(v => string.Equals(v.Language, language, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The available language chosen for the requested one (same rules as <see cref="SelectVariant"/>), or null.</summary>
    public static string? ResolveLanguage(IEnumerable<string> available, string? requested, string? defaultLanguage)
    {
        var languages = available.ToList();
        foreach (var wanted in new[] { requested, defaultLanguage })
        {
            if (string.IsNullOrWhiteSpace(wanted))
            {
                continue;
            }

            foreach (var candidate in LanguageTags.WithParents(wanted))
            {
                var match = languages.FirstOrDefault(l => string.Equals(l.Replace('_', '-'), candidate, StringComparison.OrdinalIgnoreCase));
                if (match is not null)
                {
                    return match;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The variable behind each positional parameter of the WhatsApp templates. The order is the order
    /// in which the placeholders first appear in the <b>default</b> variant's text: the default's first
    /// placeholder is {{1}}, its second {{2}}, and so on. Every language's approved WhatsApp template
    /// must be registered with that same numbering, even where its sentence puts them in another order.
    /// Declared variables that the default text does not use (an invalid template) follow in declared order.
    /// </summary>
    public static IReadOnlyList<string> PositionalVariableNames(MessageTemplate template)
    {
        var names = Placeholders(template.DefaultVariant?.Text).ToList();
        foreach (var declared in template.Variables)
        {
            if (!names.Contains(declared, StringComparer.Ordinal))
            {
                names.Add(declared);
            }
        }

        return names;
    }

    /// <summary>
    /// The values for the WhatsApp template parameters in <see cref="PositionalVariableNames"/> order
    /// (Twilio ContentVariables "1", "2"…; Meta body parameters in order). A missing value is an empty
    /// string in the list and named in <see cref="PositionalParameters.MissingVariables"/>: do not send then.
    /// </summary>
    public static PositionalParameters PositionalParametersFor(MessageTemplate template, IReadOnlyDictionary<string, string> values)
    {
        var names = PositionalVariableNames(template);
        var list = new List<string>(names.Count);
        var missing = new List<string>();
        foreach (var name in names)
        {
            if (TryGetValue(values, name, out var value))
            {
                list.Add(value);
            }
            else
            {
                list.Add("");
                missing.Add(name);
            }
        }

        return new PositionalParameters(names, list, missing);
    }

    /// <summary>"[DRILL]", "[EXERCICE]" or "[تمرين]" for the language (with parent fallback); English otherwise.</summary>
    public static string DrillPrefix(string? language)
    {
        if (!string.IsNullOrWhiteSpace(language))
        {
            foreach (var candidate in LanguageTags.WithParents(language))
            {
                if (DrillPrefixes.TryGetValue(candidate, out var prefix))
                {
                    return prefix;
                }
            }
        }

        return DrillPrefixes["en"];
    }

    /// <summary>The text with the drill prefix in front; unchanged if it already starts with it.</summary>
    public static string WithDrillPrefix(string text, string? language)
    {
        var prefix = DrillPrefix(language);
        return text.StartsWith(prefix, StringComparison.Ordinal) ? text : prefix + " " + text;
    }

    private static bool TryGetValue(IReadOnlyDictionary<string, string> values, string name, out string value)
    {
        if (!values.TryGetValue(name, out var found))
        {
            // Callers build dictionaries from JSON and forms; forgive a difference in case only.
            found = values.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        }

        value = found ?? "";
        return !string.IsNullOrWhiteSpace(found);
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();

    // A pair of braces around something that is not a name counts once; lone "{{" or "}}" too.
    [GeneratedRegex(@"\{\{[^{}\n]{0,40}\}\}|\{\{|\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex StrayBracesPattern();
}
