namespace CrisisConsole.Web.Features.Templates;

/// <summary>What an edit changed, for the audit entry: fields and languages, never the texts themselves.</summary>
internal static class TemplateChangeSummary
{
    /// <summary>A short list of what changed, for the audit entry. Names fields and languages, never the texts.</summary>
    public static List<string> Describe(TemplateDraft before, TemplateDraft after)
    {
        var changes = new List<string>();
        if (before.Name != after.Name)
        {
            changes.Add($"renamed from '{before.Name}'");
        }

        if (before.Category != after.Category)
        {
            changes.Add($"category {before.Category.Display()} → {after.Category.Display()}");
        }

        if (before.Description != after.Description)
        {
            changes.Add("description");
        }

        if (!string.Equals(before.DefaultLanguage, after.DefaultLanguage, StringComparison.OrdinalIgnoreCase))
        {
            changes.Add($"default language {before.DefaultLanguage} → {after.DefaultLanguage}");
        }

        if (!before.Variables.SequenceEqual(after.Variables))
        {
            changes.Add($"variables {string.Join(", ", after.Variables)}");
        }

        var added = after.Variants.Where(a => !before.Variants.Any(b => SameLanguage(a.Language, b.Language))).Select(v => v.Language).ToList();
        var removed = before.Variants.Where(b => !after.Variants.Any(a => SameLanguage(a.Language, b.Language))).Select(v => v.Language).ToList();
        if (added.Count > 0)
        {
            changes.Add($"added {string.Join(", ", added)}");
        }

        if (removed.Count > 0)
        {
            changes.Add($"removed {string.Join(", ", removed)}");
        }

        var text = new List<string>();
        var replies = new List<string>();
        var whatsApp = new List<string>();
        foreach (var a in after.Variants)
        {
            var b = before.Variants.FirstOrDefault(v => SameLanguage(a.Language, v.Language));
            if (b is null)
            {
                continue;
            }

            if (a.Text != b.Text)
            {
                text.Add(a.Language);
            }

            if (!a.QuickReplies.Select(r => (r.Payload, r.Title)).SequenceEqual(b.QuickReplies.Select(r => (r.Payload, r.Title))))
            {
                replies.Add(a.Language);
            }

            if (a.TwilioContentSid != b.TwilioContentSid || a.MetaTemplateName != b.MetaTemplateName || a.MetaTemplateLanguage != b.MetaTemplateLanguage)
            {
                whatsApp.Add(a.Language);
            }
        }

        AddIfAny(changes, "text", text);
        AddIfAny(changes, "quick replies", replies);
        AddIfAny(changes, "WhatsApp references", whatsApp);
        return changes;
    }

    private static void AddIfAny(List<string> changes, string what, List<string> languages)
    {
        if (languages.Count > 0)
        {
            changes.Add($"{what} ({string.Join(", ", languages)})");
        }
    }

    private static bool SameLanguage(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
