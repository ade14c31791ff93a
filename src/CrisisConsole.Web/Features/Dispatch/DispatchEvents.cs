using CrisisConsole.Web.Features.Broadcasts;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>Published on the LiveEventHub after a broadcast changed state (committed).</summary>
public sealed record BroadcastStateChanged(int BroadcastId, BroadcastState State);

/// <summary>
/// Published on the LiveEventHub after the messaging service committed changes to deliveries of a
/// broadcast (sent, failed, retried, fallbacks added). At most one per broadcast per written batch.
/// </summary>
public sealed record BroadcastDeliveriesChanged(int BroadcastId);
