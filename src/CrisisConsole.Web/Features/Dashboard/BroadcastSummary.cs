using CrisisConsole.Web.Features.Broadcasts;

namespace CrisisConsole.Web.Features.Dashboard;

/// <summary>What the dashboards show about a broadcast itself: one row, read by id.</summary>
public sealed record BroadcastSummary(
    int Id,
    BroadcastState State,
    string TemplateName,
    bool IsDrill,
    ChannelPolicy ChannelPolicy,
    int RecipientCount,
    string CreatedByName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt,
    string? DecidedByName,
    DateTimeOffset? DecidedAt,
    string? DecisionComment,
    DateTimeOffset? ScheduledFor,
    DateTimeOffset? SendingStartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? CancelledAt)
{
    /// <summary>Approved or rejected, depending on the state it went to.</summary>
    public bool WasApproved => DecidedAt is not null && State is not BroadcastState.Rejected and not BroadcastState.PendingApproval and not BroadcastState.Draft;
}

/// <summary>A broadcast with its counters, for the overview lists.</summary>
public sealed record BroadcastListItem(BroadcastSummary Broadcast, BroadcastCounters Counters);
