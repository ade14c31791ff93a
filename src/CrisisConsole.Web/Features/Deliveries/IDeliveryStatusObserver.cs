using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;

namespace CrisisConsole.Web.Features.Deliveries;

/// <summary>
/// A delivery moved from one status to a higher one. Carries the delivery's broadcast and channel so
/// observers (the per-broadcast counters) need no query of their own on the hot path.
/// </summary>
public sealed record DeliveryStatusChange(long DeliveryId, DeliveryStatus From, DeliveryStatus To, DateTimeOffset At,
    int? BroadcastId, MessageChannel Channel);

/// <summary>
/// Told of every status change inside the transaction that makes it, so aggregates (counts per status)
/// stay exact: write to <paramref name="db"/> and the change and the aggregate commit together. Publish
/// to live pages only after commit (<c>AfterCommitEvents</c>), not directly from here; the tracker
/// already publishes <see cref="DeliveryStatusChanged"/> for every change.
/// </summary>
public interface IDeliveryStatusObserver
{
    Task OnStatusChangedAsync(AppDbContext db, DeliveryStatusChange change, CancellationToken cancellationToken);
}
