using System.Globalization;
using Microsoft.AspNetCore.Components;
using Radzen;
using Radzen.Blazor;

namespace CrisisConsole.Web.Features.Audit.Pages;

/// <summary>
/// Browses the audit log page by page on the server: the grid asks for one page at a time
/// (LoadData) and the filters apply only when submitted, so typing never queries a million rows.
/// </summary>
public partial class AuditPage
{
    [Inject] public required AuditQueryService Query { get; init; }

    private RadzenDataGrid<AuditEntry> grid = default!;
    // Null until the first load: that is what makes the grid ask for its first page on first render.
    private IReadOnlyList<AuditEntry>? entries;
    private int count;
    private bool countIsCapped;
    private bool loading;

    private string? actor;
    private string? action;
    private DateTime? from;
    private DateTime? to;
    private AuditFilter applied = new();
    private string? filterError;

    private string CountText => countIsCapped
        ? $"Newest first. More than {Query.CountCap:N0} entries match; narrow the filters to reach older ones."
        : $"Newest first. {count:N0} {(count == 1 ? "entry matches" : "entries match")}.";

    private async Task LoadAsync(LoadDataArgs args)
    {
        loading = true;
        try
        {
            var result = await Query.SearchAsync(applied, args.Skip ?? 0, args.Top ?? 50);
            entries = result.Entries;
            count = result.Count;
            countIsCapped = result.CountIsCapped;
        }
        finally
        {
            loading = false;
        }
    }

    private async Task ApplyAsync()
    {
        if (from is { } start && to is { } end && end.Date < start.Date)
        {
            filterError = "The 'To' date is before the 'From' date.";
            return;
        }

        filterError = null;
        applied = new AuditFilter(
            string.IsNullOrWhiteSpace(actor) ? null : actor.Trim(),
            string.IsNullOrWhiteSpace(action) ? null : action,
            from is { } f ? StartOfUtcDay(f) : null,
            // The 'To' day is included: the filter's upper bound is the start of the next day.
            to is { } t ? StartOfUtcDay(t).AddDays(1) : null);
        await grid.FirstPage(true);
    }

    private async Task ClearAsync()
    {
        actor = null;
        action = null;
        from = null;
        to = null;
        await ApplyAsync();
    }

    private static DateTimeOffset StartOfUtcDay(DateTime day) =>
        new(DateTime.SpecifyKind(day.Date, DateTimeKind.Utc));

    private static string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
