using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Live;

namespace CrisisConsole.Web.Features.Dashboard;

/// <summary>
/// The live wiring of a broadcast page: delivery and check-in events (of one broadcast, or of all) mark
/// a <see cref="ThrottledRefresh"/> dirty, and a slow heartbeat marks it too, so the send rate falls to
/// zero and state changes (paused, completed) show even when no event comes. Create on first render,
/// dispose with the component.
/// </summary>
public sealed class BroadcastLiveRefresh : IAsyncDisposable
{
    private readonly ThrottledRefresh refresh;
    private readonly IDisposable[] subscriptions;
    private readonly Timer heartbeat;

    /// <param name="broadcastId">Only this broadcast's events; null for every broadcast (the overview).</param>
    public BroadcastLiveRefresh(LiveEventHub hub, int? broadcastId, Func<Task> onRefresh, Action<Exception> onError,
        TimeSpan? interval = null, TimeSpan? heartbeatInterval = null)
    {
        refresh = new ThrottledRefresh(onRefresh, onError, interval);
        subscriptions =
        [
            hub.Subscribe<DeliveryStatusChanged>(e =>
            {
                if (broadcastId is null || e.BroadcastId == broadcastId)
                {
                    refresh.MarkDirty();
                }
            }),
            hub.Subscribe<CheckInChanged>(e =>
            {
                if (broadcastId is null || e.BroadcastId == broadcastId)
                {
                    refresh.MarkDirty();
                }
            }),
        ];
        var beat = heartbeatInterval ?? TimeSpan.FromSeconds(2);
        heartbeat = new Timer(_ => refresh.MarkDirty(), null, beat, beat);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }

        await heartbeat.DisposeAsync();
        await refresh.DisposeAsync();
    }
}
