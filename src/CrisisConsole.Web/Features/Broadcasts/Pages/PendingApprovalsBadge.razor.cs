using CrisisConsole.Web.Features.Live;
using Microsoft.AspNetCore.Components;

namespace CrisisConsole.Web.Features.Broadcasts.Pages;

/// <summary>Counts the queue on first render and again (throttled) after every queue change.</summary>
public sealed partial class PendingApprovalsBadge
{
    private int count;
    private ThrottledRefresh? refresh;
    private IDisposable? subscription;

    [Inject] public required BroadcastApprovalService Approvals { get; init; }
    [Inject] public required LiveEventHub Hub { get; init; }

    protected override async Task OnInitializedAsync() => count = await Approvals.PendingCountAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            refresh = new ThrottledRefresh(() => InvokeAsync(async () =>
            {
                count = await Approvals.PendingCountAsync();
                StateHasChanged();
            }), e => _ = DispatchExceptionAsync(e));
            subscription = Hub.Subscribe<ApprovalQueueChanged>(_ => refresh.MarkDirty());
            refresh.MarkDirty();
        }
    }

    public async ValueTask DisposeAsync()
    {
        subscription?.Dispose();
        if (refresh is not null)
        {
            await refresh.DisposeAsync();
        }
    }
}
