using CrisisConsole.Web.Features.Live;
using Microsoft.AspNetCore.Components;

namespace CrisisConsole.Web.Features.Incidents.Pages;

/// <summary>The incidents, filtered (not closed by default), refreshed live when any incident changes.</summary>
public sealed partial class IncidentsPage
{
    private static readonly (IncidentListFilter Value, string Label)[] Filters =
    [
        (IncidentListFilter.NotClosed, "Not closed"),
        (IncidentListFilter.Closed, "Closed"),
        (IncidentListFilter.Drills, "Drills"),
        (IncidentListFilter.All, "All"),
    ];

    private IReadOnlyList<Incident> incidents = [];
    private IncidentListFilter filter = IncidentListFilter.NotClosed;
    private bool creating;
    private ThrottledRefresh? refresh;
    private IDisposable? subscription;

    [Inject] public required IncidentQueries Queries { get; init; }
    [Inject] public required LiveEventHub Hub { get; init; }

    protected override async Task OnInitializedAsync() => incidents = await Queries.ListAsync(filter);

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            refresh = new ThrottledRefresh(() => InvokeAsync(async () =>
            {
                incidents = await Queries.ListAsync(filter);
                StateHasChanged();
            }), e => _ = DispatchExceptionAsync(e), TimeSpan.FromSeconds(1));
            subscription = Hub.Subscribe<IncidentChanged>(_ => refresh.MarkDirty());
        }
    }

    private async Task FilterAsync(IncidentListFilter value)
    {
        filter = value;
        incidents = await Queries.ListAsync(filter);
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
