using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Incidents;
using CrisisConsole.Web.Features.Incidents.Reports;
using CrisisConsole.Web.Features.Templates;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using static CrisisConsole.Web.Features.Incidents.Reports.IncidentReportSql;

namespace CrisisConsole.Web.Features.Metrics;

public enum MetricsDimension
{
    Channel,
    Zone,
}

public enum MetricsPeriod
{
    Week,
    Incident,
}

/// <summary>Real incidents and drills are never mixed: a page shows one or the other.</summary>
public enum MetricsScope
{
    RealIncidents,
    Drills,
}

public sealed record MetricsFilter(MetricsDimension Dimension, MetricsPeriod Period, MetricsScope Scope, DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// The figures of one group (a channel or a zone) in one period (a week or an incident). <see cref="Asked"/> and
/// <see cref="Answered"/> count first messages of check-in broadcasts (not fallbacks), so a person is asked once per
/// check-in, under the channel they were first messaged on.
/// </summary>
public sealed record MetricsRow(string Period, string PeriodLabel, DateTimeOffset PeriodStart, string Group, int Messages, int Sent, int Delivered,
    int Read, int Asked, int Answered, TimeSpan? MedianTimeToDeliver, TimeSpan? MedianTimeToAnswer)
{
    public double? DeliveryRate => Sent == 0 ? null : (double)Delivered / Sent;
    public double? ReadRate => Delivered == 0 ? null : (double)Read / Delivered;
    public double? AnswerRate => Asked == 0 ? null : (double)Answered / Asked;
}

/// <summary>
/// Delivery rates, response times and engagement across incidents, per channel or zone, per week or incident. Each
/// call is two GROUP BYs and two ranked windows over the deliveries of the broadcasts in range (reached through the
/// BroadcastId index); the rows that come back are one per (period, group), never the deliveries. Definitions are
/// the post-incident report's (<see cref="IncidentReportSql"/>); broadcasts outside any incident are not counted.
/// </summary>
public sealed class MetricsQueries(IDbContextFactory<AppDbContext> contexts)
{
    public const string NoZone = "(no zone)";

    public async Task<IReadOnlyList<MetricsRow>> GetAsync(MetricsFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var scoped = ScopedBroadcasts(filter);
        var (join, group) = filter.Dimension == MetricsDimension.Zone
            ? ("LEFT JOIN Contacts c ON c.Id = d.ContactId", $"COALESCE(c.Zone, '{NoZone}')")
            : ("", "d.Channel");
        var countsSql = $"""
            WITH {scoped}
            SELECT sb.Period AS Period, {group} AS Grp, MIN(sb.StartAt) AS PeriodStart, COUNT(*) AS Messages,
                SUM(CASE WHEN {IsSent} THEN 1 ELSE 0 END) AS Sent,
                SUM(CASE WHEN {IsDelivered} THEN 1 ELSE 0 END) AS Delivered,
                SUM(CASE WHEN {IsRead} THEN 1 ELSE 0 END) AS "Read",
                SUM(CASE WHEN sb.IsCheckIn = 1 AND d.ContactId IS NOT NULL AND d.FallbackForDeliveryId IS NULL THEN 1 ELSE 0 END) AS Asked,
                SUM(CASE WHEN sb.IsCheckIn = 1 AND d.ContactId IS NOT NULL AND d.FallbackForDeliveryId IS NULL
                    AND EXISTS (SELECT 1 FROM CheckIns k WHERE k.BroadcastId = d.BroadcastId AND k.ContactId = d.ContactId) THEN 1 ELSE 0 END) AS Answered
            FROM Deliveries d JOIN sb ON sb.Id = d.BroadcastId {join}
            GROUP BY sb.Period, {group}
            """;
        var counts = await db.Database.SqlQueryRaw<GroupCounts>(countsSql, Parameters(filter)).ToListAsync(cancellationToken);
        if (counts.Count == 0)
        {
            return [];
        }

        var deliverTimes = await DurationPercentiles.ComputeAsync(db, scoped, $"""
            SELECT sb.Period AS Period, {group} AS Grp, {TimeToDeliverMs} AS Ms
            FROM Deliveries d JOIN sb ON sb.Id = d.BroadcastId {join} WHERE d.DeliveredAt IS NOT NULL
            """, Parameters(filter), cancellationToken);
        var answerTimes = await DurationPercentiles.ComputeAsync(db, scoped, $"""
            SELECT sb.Period AS Period, {group} AS Grp, MAX(0, {FirstAnswerAt} - sb.StartAt) AS Ms
            FROM CheckIns k JOIN sb ON sb.Id = k.BroadcastId
            JOIN Deliveries d ON d.BroadcastId = k.BroadcastId AND d.ContactId = k.ContactId AND d.FallbackForDeliveryId IS NULL {join}
            WHERE sb.IsCheckIn = 1
            """, Parameters(filter), cancellationToken);
        var labels = await LabelsAsync(db, filter, counts.Select(c => c.Period).Distinct().ToList(), cancellationToken);
        // A period starts with its first broadcast, whatever the group, so all groups of a period sort together.
        var starts = counts.GroupBy(c => c.Period).ToDictionary(g => g.Key, g => DateTimeOffset.FromUnixTimeMilliseconds(g.Min(c => c.PeriodStart)));

        return [.. counts
            .Select(c => new MetricsRow(c.Period, labels.GetValueOrDefault(c.Period, c.Period), starts[c.Period],
                c.Grp, c.Messages, c.Sent, c.Delivered, c.Read, c.Asked, c.Answered,
                deliverTimes.GetValueOrDefault((c.Period, c.Grp))?.Median, answerTimes.GetValueOrDefault((c.Period, c.Grp))?.Median))
            .OrderBy(r => r.PeriodStart).ThenBy(r => r.Period).ThenBy(r => r.Group, StringComparer.Ordinal)];
    }

    /// <summary><c>sb</c>: the broadcasts of the scope that started in the range, with their period key.</summary>
    private static string ScopedBroadcasts(MetricsFilter filter)
    {
        const string start = "COALESCE(b.SendingStartedAt, b.DecidedAt, b.CreatedAt)";
        var period = filter.Period == MetricsPeriod.Week
            // SQLite's 'weekday 1' moves forward to a Monday; going back six days first lands on this week's Monday.
            ? $"date({start} / 1000, 'unixepoch', '-6 days', 'weekday 1')"
            : "CAST(b.IncidentId AS TEXT)";
        var scope = filter.Scope == MetricsScope.Drills ? "(i.IsDrill = 1 OR b.IsDrill = 1)" : "(i.IsDrill = 0 AND b.IsDrill = 0)";
        return $"""
            sb AS (
                SELECT b.Id AS Id, {start} AS StartAt, {period} AS Period,
                    CASE WHEN t.Category = '{nameof(TemplateCategory.CheckIn)}' THEN 1 ELSE 0 END AS IsCheckIn
                FROM Broadcasts b
                JOIN Incidents i ON i.Id = b.IncidentId
                LEFT JOIN MessageTemplates t ON t.Id = b.TemplateId
                WHERE {scope} AND {start} >= @from AND {start} < @to)
            """;
    }

    private static async Task<Dictionary<string, string>> LabelsAsync(AppDbContext db, MetricsFilter filter, List<string> periods,
        CancellationToken cancellationToken)
    {
        if (filter.Period == MetricsPeriod.Week)
        {
            return periods.ToDictionary(p => p, p => "Week of " + p);
        }

        var ids = periods.Select(p => int.TryParse(p, out var id) ? id : 0).ToList();
        var titles = await db.Set<Incident>().AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => new { i.Id, i.Title }).ToListAsync(cancellationToken);
        return titles.ToDictionary(t => t.Id.ToString(), t => $"#{t.Id} {t.Title}");
    }

    private static SqliteParameter[] Parameters(MetricsFilter filter) =>
    [
        new("@from", filter.From.ToUnixTimeMilliseconds()),
        new("@to", filter.To.ToUnixTimeMilliseconds()),
    ];

    /// <summary>A row of the GROUP BY (SqlQuery maps by column name).</summary>
    private sealed class GroupCounts
    {
        public string Period { get; set; } = "";
        public string Grp { get; set; } = "";
        public long PeriodStart { get; set; }
        public int Messages { get; set; }
        public int Sent { get; set; }
        public int Delivered { get; set; }
        public int Read { get; set; }
        public int Asked { get; set; }
        public int Answered { get; set; }
    }
}
