using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Incidents.Reports;
using Microsoft.AspNetCore.Components;

namespace CrisisConsole.Web.Features.Metrics.Pages;

/// <summary>
/// Delivery, response and engagement figures across incidents, to improve the plan. Real incidents by default;
/// drills on their own when chosen, never together.
/// </summary>
public sealed partial class MetricsPage
{
    private static readonly Choice<MetricsScope>[] ScopeChoices = [new("Real incidents", MetricsScope.RealIncidents), new("Drills", MetricsScope.Drills)];
    private static readonly Choice<MetricsDimension>[] DimensionChoices = [new("Channel", MetricsDimension.Channel), new("Zone", MetricsDimension.Zone)];
    private static readonly Choice<MetricsPeriod>[] PeriodChoices = [new("Week", MetricsPeriod.Week), new("Incident", MetricsPeriod.Incident)];
    private static readonly Choice<int>[] RangeChoices = [new("Last 4 weeks", 4), new("Last 12 weeks", 12), new("Last 26 weeks", 26), new("Last year", 52)];

    private MetricsScope scope = MetricsScope.RealIncidents;
    private MetricsDimension dimension = MetricsDimension.Channel;
    private MetricsPeriod period = MetricsPeriod.Week;
    private int weeks = 12;
    private IReadOnlyList<MetricsRow> rows = [];

    [Inject] public required MetricsQueries Metrics { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var now = Time.GetUtcNow();
        rows = await Metrics.GetAsync(new MetricsFilter(dimension, period, scope, now.AddDays(-7 * weeks), now.AddMinutes(1)));
    }

    /// <summary>One line per group, one point per period in which it had something to measure; rates in percent.</summary>
    private IEnumerable<ChartSeries> DeliverySeries => Series(r => r.DeliveryRate);

    private IEnumerable<ChartSeries> AnswerSeries => Series(r => r.AnswerRate);

    private IEnumerable<ChartSeries> Series(Func<MetricsRow, double?> rate) => rows
        .GroupBy(r => r.Group)
        .Select(g => new ChartSeries(GroupLabel(g.Key),
            [.. g.Where(r => rate(r) is not null).Select(r => new ChartPoint(r.PeriodLabel, Math.Round(rate(r)!.Value * 100, 1)))]))
        .Where(s => s.Points.Count > 0);

    private static string GroupLabel(string group) => Enum.TryParse<MessageChannel>(group, out var channel) ? ReportFormat.Channel(channel) : group;

    private sealed record Choice<T>(string Text, T Value);

    private sealed record ChartSeries(string Group, List<ChartPoint> Points);

    private sealed record ChartPoint(string Period, double Percent);
}
