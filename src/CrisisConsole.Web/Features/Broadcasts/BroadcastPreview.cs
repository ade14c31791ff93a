using CrisisConsole.Gateways.Sms;
using CrisisConsole.Web.Features.Templates;

namespace CrisisConsole.Web.Features.Broadcasts;

/// <summary>Why a contact the segments select gets no message.</summary>
public enum RecipientExclusion
{
    OptedOut,
    NoConsent,
    NoValidNumber,

    /// <summary>Only with WhatsApp only: the contact is known not to be on WhatsApp.</summary>
    NotOnWhatsApp,
}

/// <summary>What to compute a preview of: a composed broadcast, stored or not.</summary>
public sealed record PreviewRequest(
    MessageTemplate Template,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyList<int> SegmentIds,
    IReadOnlyList<int> ContactIds,
    ChannelPolicy ChannelPolicy,
    bool IsDrill,
    DateTimeOffset? ScheduledFor);

public sealed record PreviewExclusion(RecipientExclusion Reason, int Count)
{
    public string Label => Reason switch
    {
        RecipientExclusion.OptedOut => "Opted out",
        RecipientExclusion.NoConsent => "No consent (not opted in)",
        RecipientExclusion.NoValidNumber => "No valid number",
        RecipientExclusion.NotOnWhatsApp => "Not on WhatsApp",
        _ => Reason.ToString(),
    };
}

/// <summary>
/// One message language (a template variant) and who gets it. <see cref="ContactLanguages"/> lists the
/// recipients' own languages that fall back to it (e.g. "de" to the default "en").
/// </summary>
public sealed record PreviewLanguage(
    string Language,
    IReadOnlyList<string> ContactLanguages,
    int WhatsApp,
    int Sms,
    int OutsideWindow,
    string Text,
    string Direction,
    SmsSegmentInfo SmsSegments,
    IReadOnlyList<string> QuickReplies,
    bool HasWhatsAppTemplate,
    IReadOnlyList<string> MissingVariables)
{
    public int Recipients => WhatsApp + Sms;
}

/// <summary>
/// The WhatsApp daily reach limit: unique people outside their 24-hour window that WhatsApp lets the
/// number message in a rolling 24 hours. <see cref="AlreadyReached"/> is counted from the WhatsApp
/// deliveries sent in the last 24 hours (an upper bound: some were inside a window).
/// </summary>
public sealed record PreviewReach(int Limit, int AlreadyReached, int NewlyReached)
{
    public bool IsUnlimited => Limit == 0;
    public int Over => IsUnlimited ? 0 : Math.Max(0, AlreadyReached + NewlyReached - Limit);
    public bool WouldBeHit => Over > 0;
}

/// <summary>The last look before sending: every number here comes from aggregate queries, never from loading the contacts.</summary>
public sealed record BroadcastPreview(
    int Recipients,
    IReadOnlyList<PreviewExclusion> Exclusions,
    int WhatsAppRecipients,
    int SmsRecipients,
    IReadOnlyList<PreviewLanguage> Languages,
    int OutsideWindow,
    int WindowHours,
    PreviewReach Reach,
    int SmsSegmentsTotal,
    TimeSpan WhatsAppDuration,
    TimeSpan SmsDuration,
    IReadOnlyList<string> Warnings,
    DateTimeOffset ComputedAt)
{
    public int Excluded => Exclusions.Sum(e => e.Count);

    /// <summary>WhatsApp and SMS go out in parallel (separate senders), each at its own rate.</summary>
    public TimeSpan EstimatedDuration => WhatsAppDuration > SmsDuration ? WhatsAppDuration : SmsDuration;

    public int ExcludedFor(RecipientExclusion reason) => Exclusions.FirstOrDefault(e => e.Reason == reason)?.Count ?? 0;

    public static string DescribeDuration(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 1 => "under a second",
        < 90 => $"about {Math.Ceiling(duration.TotalSeconds):0} seconds",
        < 5400 => $"about {Math.Ceiling(duration.TotalMinutes):0} minutes",
        _ => $"about {duration.TotalHours:0.#} hours",
    };
}
