using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Deliveries;

namespace CrisisConsole.Web.Features.Dashboard;

/// <summary>
/// Keeps <see cref="BroadcastStatusCount"/> exact: every status rise moves one delivery from its old
/// (channel, status) row to its new one, in the transaction that makes the rise. Two statements, no
/// read: the change already carries the broadcast and channel. Deliveries outside any broadcast (tests,
/// one-off sends) have nothing to count.
/// </summary>
internal sealed class BroadcastStatusCountObserver : IDeliveryStatusObserver
{
    public Task OnStatusChangedAsync(AppDbContext db, DeliveryStatusChange change, CancellationToken cancellationToken) =>
        change.BroadcastId is { } broadcastId
            ? BroadcastStatusCounts.MoveAsync(db, broadcastId, change.Channel, change.From, change.To, cancellationToken)
            : Task.CompletedTask;
}
