using Microsoft.AspNetCore.Components;
using Radzen;
using Radzen.Blazor;

namespace CrisisConsole.Web.Features.Incidents.Reports.Pages;

/// <summary>The people still unaccounted for, paged in SQL (an incident may leave thousands unanswered).</summary>
public sealed partial class UnaccountedGrid
{
    public const int PrintedLimit = 200;
    private static readonly int[] PageSizes = [25, 50, 100];

    private RadzenDataGrid<UnaccountedContact>? grid;
    private IReadOnlyList<UnaccountedContact> rows = [];
    private bool loading;

    [Parameter] public int IncidentId { get; set; }
    [Parameter] public int Total { get; set; }

    /// <summary>The first people by name, already loaded with the report, for the printed page.</summary>
    [Parameter] public IReadOnlyList<UnaccountedContact> Printed { get; set; } = [];

    [Inject] public required IncidentReportBuilder Reports { get; init; }

    protected override void OnParametersSet()
    {
        // Before the grid asks (and when pre-rendering), show the first page from what the report already holds.
        if (rows.Count == 0)
        {
            rows = [.. Printed.Take(PageSizes[0])];
        }
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        loading = true;
        rows = await Reports.GetUnaccountedAsync(IncidentId, args.Skip ?? 0, args.Top ?? PageSizes[0]);
        loading = false;
    }

    private static string LastMessage(UnaccountedContact row) => row.LastStatus is { } status
        ? $"{ReportFormat.Channel(row.LastChannel)} · {status}"
        : "—";
}
