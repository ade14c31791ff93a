using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Web.Features.Deliveries;

/// <summary>
/// Live event: a delivery's status rose, and the change is committed (published through
/// <c>AfterCommitEvents</c> by <see cref="DeliveryStatusTracker"/>). Pages filter on
/// <see cref="BroadcastId"/> and only mark themselves dirty; the counters they then read are exact.
/// </summary>
public sealed record DeliveryStatusChanged(long DeliveryId, int? BroadcastId, MessageChannel Channel,
    DeliveryStatus From, DeliveryStatus To, DateTimeOffset At);
