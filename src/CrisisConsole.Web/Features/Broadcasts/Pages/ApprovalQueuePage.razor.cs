using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Live;
using Microsoft.AspNetCore.Components;

namespace CrisisConsole.Web.Features.Broadcasts.Pages;

/// <summary>The approval queue, kept live: queue changes mark it dirty and it reloads at most four times a second.</summary>
public sealed partial class ApprovalQueuePage
{
    private IReadOnlyList<PendingBroadcast>? pending;
    private string? myAuthorId;
    private ThrottledRefresh? refresh;
    private IDisposable? subscription;

    [Inject] public required BroadcastApprovalService Approvals { get; init; }
    [Inject] public required LiveEventHub Hub { get; init; }
    [Inject] public required CurrentActor Actor { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnInitializedAsync()
    {
        myAuthorId = BroadcastAuthor.IdOf(await Actor.GetAsync());
        pending = await Approvals.PendingAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            refresh = new ThrottledRefresh(() => InvokeAsync(ReloadAsync), e => _ = DispatchExceptionAsync(e));
            subscription = Hub.Subscribe<ApprovalQueueChanged>(_ => refresh.MarkDirty());
            // A change between the first load and the subscription would otherwise be missed.
            refresh.MarkDirty();
        }
    }

    private async Task ReloadAsync()
    {
        pending = await Approvals.PendingAsync();
        StateHasChanged();
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
