using CrisisConsole.Web.Components.Shared;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Inbox.Triage;
using CrisisConsole.Web.Features.Live;
using Microsoft.AspNetCore.Components;

namespace CrisisConsole.Web.Features.Inbox.Pages;

/// <summary>
/// One inbox item: assign, notes, state, the reply box and the conversation. Changes carry the version
/// the responder saw; when someone else changed the item first, the page reloads it and says so. Changes
/// to this item and the status of one-to-one messages reach the page live (throttled).
/// </summary>
public sealed partial class InboxItemPage : IAsyncDisposable
{
    private InboxItemDetails? details;
    private IReadOnlyList<ConversationEntry> conversation = [];
    private IReadOnlyList<Assignee> assignees = [];
    private AuditActor? actor;
    private string? assignTo;
    private string? noteText;
    private string? notice;
    private bool noticeIsError;
    private bool busy;
    private ThrottledRefresh? refresh;
    private readonly List<IDisposable> subscriptions = [];
    private long? liveFor;

    [Parameter] public long Id { get; set; }

    [Inject] public required InboxItemQueries Items { get; init; }
    [Inject] public required ConversationQueries Conversations { get; init; }
    [Inject] public required InboxTriageService Triage { get; init; }
    [Inject] public required CurrentActor Actor { get; init; }
    [Inject] public required LiveEventHub Hub { get; init; }
    [Inject] public required Radzen.NotificationService Notifications { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        actor ??= await Actor.GetAsync();
        notice = null;
        assignees = await Triage.AssigneesAsync();
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (liveFor == Id)
        {
            return;
        }

        liveFor = Id;
        refresh ??= new ThrottledRefresh(() => InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }), e => _ = DispatchExceptionAsync(e), TimeSpan.FromMilliseconds(500));
        if (subscriptions.Count == 0)
        {
            subscriptions.Add(Hub.Subscribe<InboxItemChanged>(e =>
            {
                // This item, or another message from the same person (it joins the conversation).
                if (e.InboundMessageId == liveFor || e.InboundMessageId > (details?.Message.Id ?? long.MaxValue))
                {
                    refresh.MarkDirty();
                }
            }));
            subscriptions.Add(Hub.Subscribe<DeliveryStatusChanged>(e =>
            {
                if (conversation.Any(c => c.DeliveryId == e.DeliveryId))
                {
                    refresh.MarkDirty();
                }
            }));
        }
    }

    private async Task LoadAsync()
    {
        details = await Items.GetAsync(Id);
        conversation = details is null ? [] : await Conversations.ForAsync(details.Sender.ContactId, details.Sender.Phone);
    }

    private Task AssignToMeAsync() => RunAsync(m => Triage.AssignAsync(m.Id, m.TriageVersion, actor!.Id, actor), "Assigned to you.");

    private async Task AssignToChosenAsync()
    {
        if (assignTo is { Length: > 0 } userId)
        {
            var name = assignees.FirstOrDefault(a => a.UserId == userId)?.Name ?? "them";
            await RunAsync(m => Triage.AssignAsync(m.Id, m.TriageVersion, userId, actor!), $"Assigned to {name}.");
            assignTo = null;
        }
    }

    private Task UnassignAsync() => RunAsync(m => Triage.UnassignAsync(m.Id, m.TriageVersion, actor!), "Unassigned; the item is back in the queue.");

    private Task MoveAsync(TriageState state) =>
        RunAsync(m => Triage.MoveAsync(m.Id, m.TriageVersion, state, actor!), $"Marked {InboxTriageService.Describe(state)}.");

    private async Task AddNoteAsync()
    {
        var text = noteText;
        await RunAsync(m => Triage.AddNoteAsync(m.Id, text, actor!), "Note added.");
        if (!noticeIsError)
        {
            noteText = null;
        }
    }

    private async Task OnReplySentAsync()
    {
        await LoadAsync();
    }

    /// <summary>Runs one change; on a conflict the item is reloaded, so what the responder sees is current again.</summary>
    private async Task RunAsync(Func<InboundMessage, Task<InboxTriageResult>> change, string done)
    {
        if (busy || details is null)
        {
            return;
        }

        busy = true;
        try
        {
            var result = await change(details.Message);
            (notice, noticeIsError) = result.Succeeded ? (done, false) : (result.Error, true);
            if (result.Conflict)
            {
                Notifications.NotifyText(Radzen.NotificationSeverity.Warning, "Changed by someone else", result.Error!);
            }

            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }

        if (refresh is not null)
        {
            await refresh.DisposeAsync();
        }
    }
}
