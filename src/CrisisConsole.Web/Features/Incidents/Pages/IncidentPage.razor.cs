using CrisisConsole.Web.Components.Shared;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Dispatch;
using CrisisConsole.Web.Features.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Radzen;

namespace CrisisConsole.Web.Features.Incidents.Pages;

/// <summary>
/// One incident: header, state buttons, follow-ups, live totals, its broadcasts and its timeline. Its
/// own events (<see cref="IncidentChanged"/>) and those of its broadcasts (deliveries, check-ins, state
/// changes) mark a throttled refresh dirty; the totals are counted per person, so it refreshes at most
/// every two seconds rather than on every delivery report.
/// </summary>
public sealed partial class IncidentPage : IAsyncDisposable
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);

    private IncidentDetails? details;
    private IncidentFigures figures = IncidentFigures.Empty;
    private HashSet<int> broadcastIds = [];
    private string? note;
    private string? noteError;
    private string? message;
    private bool busy;
    private int? liveFor;
    private ThrottledRefresh? refresh;
    private IDisposable[] subscriptions = [];

    [Parameter] public int Id { get; set; }

    [Inject] public required IncidentQueries Queries { get; init; }
    [Inject] public required IncidentService Incidents { get; init; }
    [Inject] public required IncidentFollowUps FollowUps { get; init; }
    [Inject] public required IOptionsMonitor<IncidentOptions> Options { get; init; }
    [Inject] public required CurrentActor Actor { get; init; }
    [Inject] public required LiveEventHub Hub { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }
    [Inject] public required NotificationService Notifications { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    /// <summary>How long the incident has gone without an update, once that is longer than the reminder period.</summary>
    private TimeSpan? Overdue => details?.Incident is { } incident && IncidentStateMachine.IsActive(incident.State)
        && Time.GetUtcNow() - (incident.LastUpdateSentAt ?? incident.CreatedAt) is var silent && silent >= Options.CurrentValue.UpdateReminderPeriod
            ? silent
            : null;

    protected override async Task OnParametersSetAsync()
    {
        if (liveFor is not null && liveFor != Id)
        {
            await StopLiveAsync();
        }

        (message, noteError) = (null, null);
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (details is not null && liveFor != Id)
        {
            liveFor = Id;
            refresh = new ThrottledRefresh(() => InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }), e => _ = DispatchExceptionAsync(e), RefreshEvery);
            subscriptions =
            [
                Hub.Subscribe<IncidentChanged>(e => MarkIf(e.IncidentId == Id)),
                Hub.Subscribe<BroadcastStateChanged>(e => MarkIf(broadcastIds.Contains(e.BroadcastId))),
                Hub.Subscribe<DeliveryStatusChanged>(e => MarkIf(e.BroadcastId is { } broadcastId && broadcastIds.Contains(broadcastId))),
                Hub.Subscribe<CheckInChanged>(e => MarkIf(broadcastIds.Contains(e.BroadcastId))),
            ];
        }
    }

    private void MarkIf(bool relevant)
    {
        if (relevant)
        {
            refresh?.MarkDirty();
        }
    }

    private async Task LoadAsync()
    {
        details = await Queries.GetDetailsAsync(Id);
        figures = details is null ? IncidentFigures.Empty : await Queries.FiguresAsync(Id);
        // Replaced, not changed in place: event handlers read it from other threads.
        broadcastIds = details is null ? [] : details.Broadcasts.Select(b => b.Id).ToHashSet();
    }

    private async Task ChangeStateAsync(IncidentState to)
    {
        var incident = details!.Incident;
        var verb = IncidentStateMachine.Verb(incident.State, to);
        var consequence = to switch
        {
            IncidentState.Closed => " Closing is final: nothing more can be sent under it, and its report is then complete.",
            IncidentState.Resolved => " Send the resolution notice afterwards so people know.",
            _ => "",
        };
        if (await Dialogs.Confirm($"{verb}: incident #{incident.Id} becomes {IncidentStateMachine.Describe(to)}.{consequence}", verb,
                new ConfirmOptions { OkButtonText = verb, CancelButtonText = "Not now" }) != true)
        {
            return;
        }

        busy = true;
        try
        {
            var result = await Incidents.ChangeStateAsync(incident.Id, to, await Actor.GetAsync(), incident.Version);
            message = result.Succeeded ? null : result.Message;
            if (result.Succeeded)
            {
                Notifications.NotifyText(NotificationSeverity.Success, "Incident " + IncidentStateMachine.Describe(to), $"#{incident.Id} {incident.Title}");
            }

            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    private async Task FollowUpAsync(FollowUpKind kind)
    {
        busy = true;
        try
        {
            var result = await FollowUps.DraftAsync(Id, kind, await Actor.GetAsync());
            message = result.Error;
            if (result.BroadcastId is { } broadcastId)
            {
                Navigation.NavigateTo($"broadcasts/{broadcastId}/edit");
            }
        }
        finally
        {
            busy = false;
        }
    }

    private async Task AddNoteAsync()
    {
        if (busy || string.IsNullOrWhiteSpace(note))
        {
            return;
        }

        busy = true;
        try
        {
            var result = await Incidents.AddNoteAsync(Id, note, await Actor.GetAsync());
            noteError = result.Succeeded ? null : result.Message;
            if (result.Succeeded)
            {
                note = null;
                await LoadAsync();
            }
        }
        finally
        {
            busy = false;
        }
    }

    private async Task StopLiveAsync()
    {
        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }

        subscriptions = [];
        if (refresh is not null)
        {
            await refresh.DisposeAsync();
            refresh = null;
        }

        liveFor = null;
    }

    public ValueTask DisposeAsync() => new(StopLiveAsync());
}
