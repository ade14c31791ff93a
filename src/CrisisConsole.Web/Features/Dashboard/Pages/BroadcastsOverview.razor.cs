using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Live;
using Microsoft.AspNetCore.Components;

namespace CrisisConsole.Web.Features.Dashboard.Pages;

/// <summary>
/// The list of broadcasts with their counters. Any delivery or check-in event marks it dirty, refreshed
/// at most once a second (one small query over broadcasts and their counter rows); the heartbeat picks
/// up new broadcasts and state changes.
/// </summary>
public sealed partial class BroadcastsOverview : IAsyncDisposable
{
    private IReadOnlyList<BroadcastListItem> items = [];
    private int pendingApproval;
    private BroadcastLiveRefresh? live;

    /// <summary>Only what is being sent (Home); otherwise also what waits for approval and the recent ones.</summary>
    [Parameter] public bool ActiveOnly { get; set; }

    [Inject] public required BroadcastProgressQueries Progress { get; init; }
    [Inject] public required LiveEventHub Hub { get; init; }

    private IReadOnlyList<BroadcastListItem> Active => [.. items.Where(i => BroadcastStateMachine.IsActive(i.Broadcast.State))];
    private IReadOnlyList<BroadcastListItem> Pending => [.. items.Where(i => i.Broadcast.State == BroadcastState.PendingApproval)];
    private IReadOnlyList<BroadcastListItem> Recent =>
        [.. items.Where(i => !BroadcastStateMachine.IsActive(i.Broadcast.State) && i.Broadcast.State != BroadcastState.PendingApproval)];

    protected override async Task OnInitializedAsync() => (items, pendingApproval) = await LoadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            live = new BroadcastLiveRefresh(Hub, broadcastId: null, RefreshAsync, e => _ = DispatchExceptionAsync(e),
                interval: TimeSpan.FromSeconds(1), heartbeatInterval: TimeSpan.FromSeconds(5));
        }
    }

    private async Task RefreshAsync()
    {
        var (latest, pending) = await LoadAsync();
        await InvokeAsync(() =>
        {
            items = latest;
            pendingApproval = pending;
            StateHasChanged();
        });
    }

    private async Task<(IReadOnlyList<BroadcastListItem>, int)> LoadAsync() =>
        (await Progress.ListAsync(ActiveOnly), await Progress.CountPendingApprovalAsync());

    public async ValueTask DisposeAsync()
    {
        if (live is not null)
        {
            await live.DisposeAsync();
        }
    }
}
