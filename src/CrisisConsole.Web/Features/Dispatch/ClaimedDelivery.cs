using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>A delivery the messaging service claimed (ClaimedAt set) and is about to send.</summary>
public sealed record ClaimedDelivery(
    long Id,
    int BroadcastId,
    int? ContactId,
    GatewayProvider Provider,
    string ToAddress,
    string? Language,
    int AttemptCount,
    DateTimeOffset ClaimedAt)
{
    public MessageChannel Channel => GatewayProviders.ChannelOf(Provider);
}

/// <summary>A claimed delivery that passed the checks before sending, with what the send needs.</summary>
public sealed record DispatchWork(ClaimedDelivery Delivery, BroadcastPlan? Plan, bool InsideWindow);

public enum OutcomeKind
{
    /// <summary>The provider took the message: attach its id.</summary>
    Accepted,

    /// <summary>Failed for good (provider, opt-out, content, cancelled...): mark failed; WhatsApp may fall back to SMS.</summary>
    Failed,

    /// <summary>Refused for now: try again at <see cref="DeliveryOutcome.At"/>.</summary>
    Retry,

    /// <summary>No answer: keep the claim and reconcile at <see cref="DeliveryOutcome.At"/>.</summary>
    Unknown,

    /// <summary>Not sent (the broadcast was paused): give the claim back untouched.</summary>
    Released,
}

/// <summary>What became of one claimed delivery, to be written before its concurrency slot is freed.</summary>
public sealed record DeliveryOutcome(
    ClaimedDelivery Delivery,
    OutcomeKind Kind,
    string? ProviderMessageId = null,
    DeliveryStatus InitialStatus = DeliveryStatus.Queued,
    string? ErrorCode = null,
    string? Reason = null,
    DateTimeOffset? At = null,
    DateTimeOffset? FallbackTimer = null,
    bool NewReach = false);
