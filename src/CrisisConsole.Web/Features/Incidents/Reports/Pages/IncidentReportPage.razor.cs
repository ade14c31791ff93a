using CrisisConsole.Web.Features.Dashboard;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CrisisConsole.Web.Features.Incidents.Reports.Pages;

/// <summary>
/// The post-incident report, and for a drill the drill report: the same figures, with how fast people were reached
/// and answered first. Read once when opened (a report is a look back, not a live view); saving the review reloads it.
/// </summary>
public sealed partial class IncidentReportPage
{
    private IncidentReport? report;
    private IReadOnlyList<TimelinePoint> activity = [];
    private bool loaded;

    [Parameter] public int Id { get; set; }

    [Inject] public required IncidentReportBuilder Reports { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }

    private string Heading => report?.IsDrill == true ? "Drill report" : "Post-incident report";

    protected override async Task OnParametersSetAsync()
    {
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        // The printed page carries the first 200 unaccounted people; the grid pages through all of them on screen.
        report = await Reports.BuildAsync(Id, UnaccountedGrid.PrintedLimit);
        activity = report is null ? [] : await Reports.GetActivityAsync(Id);
        loaded = true;
    }

    private async Task PrintAsync() => await JS.InvokeVoidAsync("print");
}
