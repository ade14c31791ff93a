namespace CrisisConsole.Web.Features.Templates;

/// <summary>
/// A template as the editor (or the seeder) holds it before it is saved: plain and mutable, so
/// that it can be validated on every keystroke and stored in one step.
/// </summary>
public sealed class TemplateDraft
{
    public string Name { get; set; } = "";
    public TemplateCategory Category { get; set; } = TemplateCategory.Alert;
    public string Description { get; set; } = "";
    public string DefaultLanguage { get; set; } = "en";
    public List<string> Variables { get; set; } = [];
    public List<VariantDraft> Variants { get; set; } = [];

    /// <summary>
    /// When editing: the stored template's UpdatedAt at the time it was opened. Saving is refused if
    /// someone else saved in between, so neither change is silently lost.
    /// </summary>
    public DateTimeOffset? LoadedVersion { get; set; }

    public VariantDraft? DefaultVariant =>
        Variants.FirstOrDefault(v => string.Equals(v.Language.Trim(), DefaultLanguage.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Adds a variant for a typed language tag, starting from the default variant's reply ids and Meta
    /// template name (every language shares them), with empty texts and titles to fill in. Returns
    /// an error to show instead when the tag is not one or the language is already there; index is
    /// then the existing variant's, or -1.
    /// </summary>
    public string? TryAddVariant(string? typed, out int index)
    {
        index = -1;
        if (!LanguageTags.TryNormalize(typed, out var tag))
        {
            return $"\"{tag}\" is not a language tag. Use a BCP 47 tag such as en, fr, ar or fr-CA.";
        }

        index = Variants.FindIndex(v => string.Equals(v.Language.Trim(), tag, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            return $"There is already a {tag} variant.";
        }

        var reference = DefaultVariant;
        Variants.Add(new VariantDraft
        {
            Language = tag,
            QuickReplies = [.. (reference?.QuickReplies ?? []).Select(r => new QuickReply { Payload = r.Payload })],
            MetaTemplateName = reference?.MetaTemplateName,
            MetaTemplateLanguage = string.IsNullOrWhiteSpace(reference?.MetaTemplateName) ? null : tag.Replace('-', '_'),
        });
        if (Variants.Count == 1)
        {
            DefaultLanguage = tag;
        }

        index = Variants.Count - 1;
        return null;
    }

    public static TemplateDraft From(MessageTemplate template) => new()
    {
        Name = template.Name,
        Category = template.Category,
        Description = template.Description,
        DefaultLanguage = template.DefaultLanguage,
        Variables = [.. template.Variables],
        Variants = [.. template.Variants.OrderBy(v => !string.Equals(v.Language, template.DefaultLanguage, StringComparison.OrdinalIgnoreCase)).ThenBy(v => v.Language, StringComparer.Ordinal).Select(VariantDraft.From)],
        LoadedVersion = template.UpdatedAt,
    };

    /// <summary>
    /// Reads variable names typed as "org, event" or "{{org}} {{event}}": split on commas and white
    /// space, braces dropped, duplicates kept (the validator reports them).
    /// </summary>
    public static List<string> ParseVariables(string? typed) =>
        (typed ?? "")
            .Split([',', ';', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => v.Trim('{', '}', ' '))
            .Where(v => v.Length > 0)
            .ToList();
}

public sealed class VariantDraft
{
    public string Language { get; set; } = "";
    public string Text { get; set; } = "";
    public List<QuickReply> QuickReplies { get; set; } = [];
    public string? TwilioContentSid { get; set; }
    public string? MetaTemplateName { get; set; }
    public string? MetaTemplateLanguage { get; set; }

    public static VariantDraft From(TemplateVariant variant) => new()
    {
        Language = variant.Language,
        Text = variant.Text,
        QuickReplies = [.. variant.QuickReplies.Select(r => new QuickReply { Payload = r.Payload, Title = r.Title })],
        TwilioContentSid = variant.TwilioContentSid,
        MetaTemplateName = variant.MetaTemplateName,
        MetaTemplateLanguage = variant.MetaTemplateLanguage,
    };
}
