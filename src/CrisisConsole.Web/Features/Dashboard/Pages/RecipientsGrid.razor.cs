using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.Deliveries;
using Microsoft.AspNetCore.Components;
using Radzen;
using Radzen.Blazor;

namespace CrisisConsole.Web.Features.Dashboard.Pages;

/// <summary>
/// One page of a broadcast's deliveries at a time (LoadData), filterable by status, answer and zone.
/// The total comes from the counters when only the status is filtered (no COUNT over 100,000 rows);
/// an answer or zone filter is counted when it changes and at most every <see cref="RecountAfter"/>
/// after that. The dashboard calls <see cref="RefreshAsync"/> every few seconds, not per event.
/// </summary>
public sealed partial class RecipientsGrid
{
    private static readonly int[] PageSizes = [25, 50, 100];
    private static readonly TimeSpan RecountAfter = TimeSpan.FromSeconds(15);

    internal static readonly IReadOnlyList<Choice<DeliveryStatus>> StatusChoices =
        [.. Enum.GetValues<DeliveryStatus>().OrderBy(DeliveryStatusRank.Of).Select(s => new Choice<DeliveryStatus>(DashboardFormat.Status(s), s))];

    internal static readonly IReadOnlyList<Choice<AnswerFilter>> AnswerChoices =
    [
        new("Needs help", AnswerFilter.NeedsHelp), new("Safe", AnswerFilter.Safe), new("No answer", AnswerFilter.NoAnswer),
    ];

    private RadzenDataGrid<RecipientRow> grid = default!;
    // Null until the first page arrives: the grid calls LoadData on first render only when it has no data.
    private IReadOnlyList<RecipientRow>? rows;
    private int total;
    private bool loading;
    private IReadOnlyList<string> zones = [];
    private DeliveryStatus? status;
    private AnswerFilter? answer;
    private string? zone;
    private (RecipientFilter Filter, int Count, DateTimeOffset At)? counted;

    [Parameter, EditorRequired] public int BroadcastId { get; set; }

    /// <summary>The latest counters, for the total of an unfiltered or status-filtered view.</summary>
    [Parameter, EditorRequired] public required BroadcastCounters Counters { get; set; }

    [Inject] public required BroadcastDetailQueries Details { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    private RecipientFilter Filter => new(status, answer, zone);

    protected override async Task OnInitializedAsync() => zones = await Details.GetZonesAsync();

    /// <summary>Reloads the page on screen (statuses and answers move while it is open).</summary>
    public Task RefreshAsync() => grid is null ? Task.CompletedTask : grid.Reload();

    private async Task LoadAsync(LoadDataArgs args)
    {
        loading = true;
        var filter = Filter;
        var skip = args.Skip ?? 0;
        var page = await Details.GetRecipientsAsync(BroadcastId, filter, skip, args.Top ?? 25);
        var count = await CountAsync(filter);
        rows = page;
        // Counters can trail the rows by a refresh; never show fewer than what is on screen.
        total = Math.Max(count, skip + page.Count);
        loading = false;
    }

    private async Task<int> CountAsync(RecipientFilter filter)
    {
        if (filter.IsStatusOnly)
        {
            return filter.Status is { } only ? Counters.Count(only) : Counters.Deliveries;
        }

        var now = Time.GetUtcNow();
        if (counted is { } last && last.Filter == filter && now - last.At < RecountAfter)
        {
            return last.Count;
        }

        var count = await Details.CountRecipientsAsync(BroadcastId, filter);
        counted = (filter, count, now);
        return count;
    }

    private Task OnFilterChanged() => grid.FirstPage(true);

    private static string AnswerClass(CheckInAnswer? value) => value switch
    {
        CheckInAnswer.NeedsHelp => "cc-answer-help",
        CheckInAnswer.Safe => "cc-answer-safe",
        _ => "cc-answer-none",
    };

    internal sealed record Choice<T>(string Text, T Value) where T : struct;
}
