using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Live;
using Microsoft.AspNetCore.Components;

namespace CrisisConsole.Web.Features.Incidents.Pages;

/// <summary>
/// The in-app reminder: shows the signed-in user's outstanding reminders (<see cref="IncidentQueries.AwaitingUpdateFromAsync"/>),
/// re-read whenever an incident changes (a reminder raised, an update sent).
/// </summary>
public sealed partial class IncidentReminderBanner
{
    private IReadOnlyList<Incident> awaiting = [];
    private string? userId;
    private ThrottledRefresh? refresh;
    private IDisposable? subscription;

    [Inject] public required IncidentQueries Queries { get; init; }
    [Inject] public required CurrentActor Actor { get; init; }
    [Inject] public required LiveEventHub Hub { get; init; }

    protected override async Task OnInitializedAsync()
    {
        var actor = await Actor.GetAsync();
        userId = actor.Id is "anonymous" or "system" ? null : actor.Id;
        awaiting = userId is null ? [] : await Queries.AwaitingUpdateFromAsync(userId);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && userId is not null)
        {
            refresh = new ThrottledRefresh(() => InvokeAsync(async () =>
            {
                awaiting = await Queries.AwaitingUpdateFromAsync(userId);
                StateHasChanged();
            }), e => _ = DispatchExceptionAsync(e), TimeSpan.FromSeconds(1));
            subscription = Hub.Subscribe<IncidentChanged>(_ => refresh.MarkDirty());
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
