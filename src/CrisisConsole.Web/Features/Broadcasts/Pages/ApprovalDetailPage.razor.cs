using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Live;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace CrisisConsole.Web.Features.Broadcasts.Pages;

/// <summary>
/// One broadcast waiting for a decision, with the same preview the composer saw (computed again now).
/// The author sees no buttons; the service refuses them anyway. A decision by someone else meanwhile
/// shows up live.
/// </summary>
public sealed partial class ApprovalDetailPage
{
    private BroadcastDetails? details;
    private BroadcastPreview? preview;
    private AuditActor? actor;
    private bool isAuthor;
    private bool notFound;
    private bool previewMissing;
    private bool busy;
    private string? comment;
    private string? message;
    private ThrottledRefresh? refresh;
    private IDisposable? subscription;

    [Parameter] public int Id { get; set; }

    [Inject] public required BroadcastDraftService Drafts { get; init; }
    [Inject] public required BroadcastPreviewService Previews { get; init; }
    [Inject] public required BroadcastApprovalService Approvals { get; init; }
    [Inject] public required LiveEventHub Hub { get; init; }
    [Inject] public required CurrentActor Actor { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }
    [Inject] public required NotificationService Notifications { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        actor = await Actor.GetAsync();
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            refresh = new ThrottledRefresh(() => InvokeAsync(ReloadStateAsync), e => _ = DispatchExceptionAsync(e));
            subscription = Hub.Subscribe<ApprovalQueueChanged>(e =>
            {
                if (e.BroadcastId == Id)
                {
                    refresh.MarkDirty();
                }
            });
        }
    }

    private async Task LoadAsync()
    {
        details = await Drafts.GetDetailsAsync(Id);
        notFound = details is null;
        if (details is null)
        {
            return;
        }

        isAuthor = BroadcastAuthor.IsAuthor(details.Broadcast, actor!);
        preview = await Previews.PreviewAsync(Id);
        previewMissing = preview is null;
    }

    private async Task ReloadStateAsync()
    {
        details = await Drafts.GetDetailsAsync(Id);
        StateHasChanged();
    }

    private async Task ApproveAsync()
    {
        if (busy || preview is null)
        {
            return;
        }

        // Counted again just before asking, so the number in the question is today's.
        preview = await Previews.PreviewAsync(Id) ?? preview;
        var people = preview.Recipients;
        var confirmed = await Dialogs.Confirm(
            $"Approve and message {people:N0} {(people == 1 ? "person" : "people")}? Recipients are frozen now; " +
            (details!.Broadcast.ScheduledFor is { } at && at > DateTimeOffset.UtcNow ? $"sending starts at {at:yyyy-MM-dd HH:mm} UTC." : "sending starts at once."),
            "Approve broadcast", new ConfirmOptions { OkButtonText = $"Approve and message {people:N0}", CancelButtonText = "Cancel" });
        if (confirmed == true)
        {
            await DecideAsync(() => Approvals.ApproveAsync(Id, actor!, comment), "Approved: the recipients are frozen");
        }
    }

    private async Task RejectAsync()
    {
        if (busy)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(comment))
        {
            message = "Say in the comment why it is rejected, so the author can rework it.";
            return;
        }

        await DecideAsync(() => Approvals.RejectAsync(Id, actor!, comment), "Rejected");
    }

    private async Task DecideAsync(Func<Task<Broadcast?>> decide, string done)
    {
        busy = true;
        message = null;
        try
        {
            var broadcast = await decide();
            if (broadcast is null)
            {
                notFound = true;
                details = null;
                return;
            }

            Notifications.Notify(NotificationSeverity.Success, done);
            Navigation.NavigateTo($"broadcasts/{broadcast.Id}");
        }
        catch (BroadcastRuleException refused)
        {
            message = refused.Message;
            await LoadAsync();
        }
        finally
        {
            busy = false;
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
