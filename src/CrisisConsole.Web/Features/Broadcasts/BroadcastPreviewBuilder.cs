using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Sms;
using CrisisConsole.Web.Features.Dispatch;
using CrisisConsole.Web.Features.Templates;

namespace CrisisConsole.Web.Features.Broadcasts;

/// <summary>Turns the preview's aggregate rows into the figures, texts and warnings people read. Pure.</summary>
internal static class BroadcastPreviewBuilder
{
    public static BroadcastPreview Build(PreviewRequest request, IReadOnlyList<RecipientGroup> groups, DispatchOptions options, int alreadyReached,
        DateTimeOffset now)
    {
        var exclusions = groups.Where(g => g.Exclusion is not null)
            .GroupBy(g => g.Exclusion!.Value)
            .Select(g => new PreviewExclusion(g.Key, g.Sum(x => x.Count)))
            .OrderBy(e => e.Reason)
            .ToList();
        var recipients = groups.Where(g => g.Exclusion is null).ToList();
        var template = request.Template;

        var languages = new List<PreviewLanguage>();
        foreach (var byVariant in recipients.GroupBy(g => TemplateRenderer.SelectVariant(template, g.Language)?.Language ?? g.Language, StringComparer.OrdinalIgnoreCase))
        {
            var rendered = TemplateRenderer.Render(template, byVariant.Key, request.Variables, request.IsDrill);
            var text = rendered?.Text ?? "";
            var variant = rendered?.Variant;
            languages.Add(new PreviewLanguage(
                Language: byVariant.Key,
                ContactLanguages: byVariant.Select(g => g.Language).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList(),
                WhatsApp: byVariant.Where(g => g.Channel == MessageChannel.WhatsApp).Sum(g => g.Count),
                Sms: byVariant.Where(g => g.Channel == MessageChannel.Sms).Sum(g => g.Count),
                OutsideWindow: byVariant.Where(g => g.Channel == MessageChannel.WhatsApp && g.OutsideWindow).Sum(g => g.Count),
                Text: text,
                Direction: LanguageTags.Direction(byVariant.Key),
                SmsSegments: SmsSegmentCounter.Count(text),
                QuickReplies: variant?.QuickReplies.Select(r => r.Title).ToList() ?? [],
                HasWhatsAppTemplate: variant is not null && HasWhatsAppTemplate(variant, options.WhatsAppProvider),
                MissingVariables: rendered?.MissingVariables ?? []));
        }

        languages = languages.OrderByDescending(l => l.Recipients).ThenBy(l => l.Language, StringComparer.Ordinal).ToList();
        var whatsApp = languages.Sum(l => l.WhatsApp);
        var sms = languages.Sum(l => l.Sms);
        var smsSegments = languages.Sum(l => l.Sms * l.SmsSegments.Segments);
        var outside = languages.Sum(l => l.OutsideWindow);
        var newlyReached = recipients.Where(g => g.Channel == MessageChannel.WhatsApp && g.OutsideWindow && !g.AlreadyReached).Sum(g => g.Count);
        var reach = new PreviewReach(options.WhatsAppDailyReachLimit, alreadyReached, newlyReached);
        var preview = new BroadcastPreview(
            Recipients: whatsApp + sms,
            Exclusions: exclusions,
            WhatsAppRecipients: whatsApp,
            SmsRecipients: sms,
            Languages: languages,
            OutsideWindow: outside,
            WindowHours: options.WindowHours,
            Reach: reach,
            SmsSegmentsTotal: smsSegments,
            WhatsAppDuration: TimeSpan.FromSeconds(whatsApp / options.WhatsAppPerSecond),
            SmsDuration: TimeSpan.FromSeconds(smsSegments / options.SmsPerSecond),
            Warnings: [],
            ComputedAt: now);
        return preview with { Warnings = Warnings(preview, request, options) };
    }

    public static bool HasWhatsAppTemplate(TemplateVariant variant, GatewayProvider provider) => provider == GatewayProvider.TwilioWhatsApp
        ? !string.IsNullOrWhiteSpace(variant.TwilioContentSid)
        : !string.IsNullOrWhiteSpace(variant.MetaTemplateName);

    private static List<string> Warnings(BroadcastPreview preview, PreviewRequest request, DispatchOptions options)
    {
        var warnings = new List<string>();
        if (preview.Recipients == 0)
        {
            warnings.Add("No one would receive this broadcast: the segments select nobody who can be messaged.");
        }

        var missing = preview.Languages.SelectMany(l => l.MissingVariables).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            warnings.Add("Not filled in yet: " + string.Join(", ", missing) + ". The message cannot be submitted without them.");
        }

        if (preview.Reach.WouldBeHit)
        {
            warnings.Add($"The daily WhatsApp reach limit ({preview.Reach.Limit:N0} people outside their window per 24 hours) would be hit: " +
                $"{preview.Reach.Over:N0} over it ({preview.Reach.AlreadyReached:N0} already reached in the last 24 hours, {preview.Reach.NewlyReached:N0} new here).");
        }

        foreach (var language in preview.Languages.Where(l => l.OutsideWindow > 0 && !l.HasWhatsAppTemplate))
        {
            warnings.Add($"{language.Language}: {language.OutsideWindow:N0} WhatsApp recipients are outside the {options.WindowHours}-hour window, " +
                $"and this language has no approved WhatsApp template for {options.WhatsAppProvider}.");
        }

        foreach (var language in preview.Languages.Where(l => l.Sms > 0 && l.SmsSegments.Segments > TemplateLimits.SmsSegmentsWarningThreshold))
        {
            warnings.Add($"{language.Language}: each SMS takes {language.SmsSegments.Segments} segments; it costs more and arrives slower.");
        }

        if (request.IsDrill)
        {
            warnings.Add("This is a drill: every message starts with the drill prefix.");
        }

        return warnings;
    }
}
