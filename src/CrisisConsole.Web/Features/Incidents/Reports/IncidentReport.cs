using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Dashboard;

namespace CrisisConsole.Web.Features.Incidents.Reports;

/// <summary>
/// The post-incident (or drill) report of one incident, computed from the stored data by
/// <see cref="IncidentReportBuilder"/>; nothing in it is typed by hand except the review.
/// </summary>
public sealed record IncidentReport(
    IncidentHeader Incident,
    int BroadcastCount,
    IReadOnlyList<IncidentReportTimelineItem> Timeline,
    bool TimelineTruncated,
    DeliveryFigures AllChannels,
    IReadOnlyList<DeliveryFigures> Channels,
    CheckInFigures CheckIns,
    int UnaccountedCount,
    IReadOnlyList<UnaccountedContact> Unaccounted,
    IReadOnlyList<FailureReason> Failures,
    FallbackFigures Fallbacks,
    DateTimeOffset GeneratedAt)
{
    public bool IsDrill => Incident.IsDrill;

    /// <summary>True when <see cref="Unaccounted"/> holds fewer people than <see cref="UnaccountedCount"/>.</summary>
    public bool UnaccountedTruncated => Unaccounted.Count < UnaccountedCount;
}

public sealed record IncidentHeader(int Id, string Title, IncidentSeverity Severity, IncidentState State, bool IsDrill,
    DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt, DateTimeOffset? ClosedAt, string? ManagerName, string? CommsLeadName,
    string? Cause, string? Fix, string? LessonsLearned, Guid Version);

public sealed record IncidentReportTimelineItem(DateTimeOffset At, IncidentTimelineKind Kind, string Text, string ActorName, int? BroadcastId);

/// <summary>A median and a 95th percentile over <see cref="Samples"/> durations; null when there are none.</summary>
public sealed record DurationStats(int Samples, TimeSpan? Median, TimeSpan? P95)
{
    public static readonly DurationStats None = new(0, null, null);
}

/// <summary>
/// Deliveries of one channel (or of all, when <see cref="Channel"/> is null). <see cref="Sent"/> counts the
/// messages handed to the provider (it gave a message id, or reported the message sent); <see cref="Delivered"/>
/// counts delivered or read; <see cref="Failed"/> counts failed or undelivered, whether or not the provider took them.
/// </summary>
public sealed record DeliveryFigures(MessageChannel? Channel, int Messages, int Sent, int Delivered, int Read, int Failed, DurationStats TimeToDeliver)
{
    public double? DeliveryRate => Sent == 0 ? null : (double)Delivered / Sent;

    public double? ReadRate => Delivered == 0 ? null : (double)Read / Delivered;

    public static DeliveryFigures Empty(MessageChannel? channel) => new(channel, 0, 0, 0, 0, 0, DurationStats.None);
}

/// <summary>
/// Answers to the incident's check-in broadcasts, per person: <see cref="Recipients"/> are the distinct contacts a
/// check-in was sent to (or who answered one); <see cref="Safe"/> and <see cref="NeedsHelp"/> count each person once,
/// by their latest answer across the incident's check-ins.
/// </summary>
public sealed record CheckInFigures(int Broadcasts, int Recipients, int Safe, int NeedsHelp, DurationStats TimeToAnswer, DurationStats TimeToSafe)
{
    public int Answered => Safe + NeedsHelp;

    public int NoAnswer => Math.Max(0, Recipients - Answered);

    public double? AnswerRate => Recipients == 0 ? null : (double)Answered / Recipients;
}

/// <summary>SMS sent in place of a failed or late WhatsApp message (deliveries with a FallbackForDeliveryId).</summary>
public sealed record FallbackFigures(int Used, int Delivered, int Failed)
{
    public double? DeliveryRate => Used == 0 ? null : (double)Delivered / Used;
}

/// <summary>
/// A person a check-in went to who has not answered, with the channel and status of the last message sent to
/// them. Operators see the full phone number here: never log it.
/// </summary>
public sealed record UnaccountedContact(int ContactId, string Name, string Phone, string? Zone, MessageChannel? LastChannel, DeliveryStatus? LastStatus);
