using System.Globalization;

namespace CrisisConsole.Web.Features.Broadcasts;

/// <summary>
/// What the audit log says about a draft and its edits. Variable values are message text, so only the
/// names of the variables that changed are written, never their values.
/// </summary>
public static class BroadcastChangeSummary
{
    public sealed record Snapshot(string Template, IReadOnlyDictionary<string, string> Variables, string Segments, string Channels, string Drill,
        string Schedule, string Incident)
    {
        public static Snapshot Of(Broadcast broadcast) => new(
            broadcast.TemplateName,
            BroadcastJson.ReadVariables(broadcast.VariablesJson),
            string.Join(", ", BroadcastJson.ReadIds(broadcast.SegmentIdsJson)),
            ChannelPolicyText.Describe(broadcast.ChannelPolicy, broadcast.SmsFallbackAfterMinutes),
            broadcast.IsDrill ? "drill" : "real",
            broadcast.ScheduledFor?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "on approval",
            broadcast.IncidentId?.ToString(CultureInfo.InvariantCulture) ?? "none");

        public string Describe() =>
            $"template {Template}; variables {(Variables.Count == 0 ? "none" : string.Join(", ", Variables.Keys))}; segments {(Segments.Length == 0 ? "none" : Segments)}; " +
            $"channels {Channels}; {Drill}; send {Schedule}; incident {Incident}";
    }

    /// <summary>"template a → b; variables changed: org; ..." or "" when nothing changed.</summary>
    public static string Changes(Snapshot before, Snapshot after)
    {
        var parts = new List<string>();
        Compare(parts, "template", before.Template, after.Template);
        var names = before.Variables.Keys.Union(after.Variables.Keys).Order(StringComparer.Ordinal)
            .Where(n => before.Variables.GetValueOrDefault(n) != after.Variables.GetValueOrDefault(n))
            .ToList();
        if (names.Count > 0)
        {
            parts.Add("variables changed: " + string.Join(", ", names));
        }

        Compare(parts, "segments", before.Segments, after.Segments);
        Compare(parts, "channels", before.Channels, after.Channels);
        Compare(parts, "kind", before.Drill, after.Drill);
        Compare(parts, "send", before.Schedule, after.Schedule);
        Compare(parts, "incident", before.Incident, after.Incident);
        return string.Join("; ", parts);
    }

    private static void Compare(List<string> parts, string name, string before, string after)
    {
        if (before != after)
        {
            parts.Add($"{name} {(before.Length == 0 ? "none" : before)} → {(after.Length == 0 ? "none" : after)}");
        }
    }
}

/// <summary>How channel policies read in the console and the API.</summary>
public static class ChannelPolicyText
{
    public static string Label(ChannelPolicy policy) => policy switch
    {
        ChannelPolicy.WhatsAppThenSms => "WhatsApp, then SMS",
        ChannelPolicy.WhatsAppOnly => "WhatsApp only",
        ChannelPolicy.SmsOnly => "SMS only",
        _ => policy.ToString(),
    };

    public static string Describe(ChannelPolicy policy, int? fallbackMinutes) => policy == ChannelPolicy.WhatsAppThenSms
        ? fallbackMinutes is { } minutes ? $"WhatsApp, then SMS after {minutes} min or on failure" : "WhatsApp, then SMS (default delay) or on failure"
        : Label(policy);

    /// <summary>The API's words: "whatsapp-then-sms", "whatsapp", "sms".</summary>
    public static string ToWire(ChannelPolicy policy) => policy switch
    {
        ChannelPolicy.WhatsAppThenSms => "whatsapp-then-sms",
        ChannelPolicy.WhatsAppOnly => "whatsapp",
        ChannelPolicy.SmsOnly => "sms",
        _ => policy.ToString(),
    };

    public static bool TryParseWire(string? text, out ChannelPolicy policy)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "whatsapp-then-sms":
                policy = ChannelPolicy.WhatsAppThenSms;
                return true;
            case "whatsapp":
                policy = ChannelPolicy.WhatsAppOnly;
                return true;
            case "sms":
                policy = ChannelPolicy.SmsOnly;
                return true;
            default:
                policy = default;
                return false;
        }
    }
}
