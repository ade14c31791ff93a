using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Live;

namespace CrisisConsole.Web.Features.Deliveries;

/// <summary>
/// Tells open pages of every status change, once its transaction commits. An observer rather than a
/// line in the tracker, so every writer that reports changes to the observers (the tracker, the
/// messaging service's bulk attach) reaches the dashboards too.
/// </summary>
internal sealed class LiveDeliveryStatusPublisher(AfterCommitEvents afterCommit) : IDeliveryStatusObserver
{
    public Task OnStatusChangedAsync(AppDbContext db, DeliveryStatusChange change, CancellationToken cancellationToken)
    {
        afterCommit.Publish(db, new DeliveryStatusChanged(change.DeliveryId, change.BroadcastId, change.Channel, change.From, change.To, change.At));
        return Task.CompletedTask;
    }
}
