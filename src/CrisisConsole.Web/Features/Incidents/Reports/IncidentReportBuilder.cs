using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.Dashboard;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using static CrisisConsole.Web.Features.Incidents.Reports.IncidentReportSql;

namespace CrisisConsole.Web.Features.Incidents.Reports;

/// <summary>
/// Computes an incident's report from the data: every figure is a GROUP BY or a ranked window over the
/// incident's broadcasts (through the Deliveries.BroadcastId and CheckIns indexes), so an incident with 100,000
/// deliveries costs a few queries and a few hundred rows in memory, never the deliveries themselves.
/// <list type="bullet">
/// <item>Time to deliver: see <see cref="IncidentReportSql.TimeToDeliverMs"/>.</item>
/// <item>Time to answer and time to safe are measured from when the check-in broadcast started sending (the
/// moment the command centre asked), because that is the delay that matters in a crisis: queueing, delivery
/// and the person's reaction together. Each check-in of each person is one sample.</item>
/// <item>Percentiles: see <see cref="DurationPercentiles"/>.</item>
/// </list>
/// </summary>
public sealed class IncidentReportBuilder(IDbContextFactory<AppDbContext> contexts, TimeProvider time)
{
    public const int DefaultUnaccountedLimit = 1_000;
    public const int TimelineLimit = 2_000;
    private const int MaxFailureGroups = 30;
    private const int MaxChartPoints = 120;

    public async Task<IncidentReport?> BuildAsync(int incidentId, int unaccountedLimit = DefaultUnaccountedLimit,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var header = await db.Set<Incident>().AsNoTracking().Where(i => i.Id == incidentId)
            .Select(i => new IncidentHeader(i.Id, i.Title, i.Severity, i.State, i.IsDrill, i.CreatedAt, i.ResolvedAt, i.ClosedAt,
                i.ManagerName, i.CommsLeadName, i.Cause, i.Fix, i.LessonsLearned, i.Version))
            .FirstOrDefaultAsync(cancellationToken);
        if (header is null)
        {
            return null;
        }

        var timeline = await db.Set<IncidentTimelineEntry>().AsNoTracking().Where(e => e.IncidentId == incidentId)
            .OrderBy(e => e.At).ThenBy(e => e.Id).Take(TimelineLimit + 1)
            .Select(e => new IncidentReportTimelineItem(e.At, e.Kind, e.Text, e.ActorName, e.BroadcastId))
            .ToListAsync(cancellationToken);
        var broadcastCount = await Scalar(db, $"WITH {IncidentBroadcasts} SELECT COUNT(*) AS Value FROM ib", incidentId, cancellationToken);
        var (all, channels) = await DeliveriesAsync(db, incidentId, cancellationToken);
        var unaccountedCount = await CountUnaccountedAsync(db, incidentId, cancellationToken);
        var unaccounted = unaccountedLimit <= 0 ? [] : await UnaccountedAsync(db, incidentId, 0, unaccountedLimit, cancellationToken);

        return new IncidentReport(
            header,
            (int)broadcastCount,
            timeline.Count > TimelineLimit ? timeline[..TimelineLimit] : timeline,
            timeline.Count > TimelineLimit,
            all,
            channels,
            await CheckInsAsync(db, incidentId, cancellationToken),
            unaccountedCount,
            unaccounted,
            await FailuresAsync(db, incidentId, cancellationToken),
            await FallbacksAsync(db, incidentId, cancellationToken),
            time.GetUtcNow());
    }

    public async Task<bool> ExistsAsync(int incidentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Incident>().AnyAsync(i => i.Id == incidentId, cancellationToken);
    }

    /// <summary>One page of the people still unaccounted for, by name.</summary>
    public async Task<IReadOnlyList<UnaccountedContact>> GetUnaccountedAsync(int incidentId, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await UnaccountedAsync(db, incidentId, skip, take, cancellationToken);
    }

    public async Task<int> CountUnaccountedAsync(int incidentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await CountUnaccountedAsync(db, incidentId, cancellationToken);
    }

    /// <summary>
    /// Deliveries reaching "delivered" and safe / needs-help answers over the incident, in buckets of whole minutes
    /// (UTC) wide enough to give at most <see cref="MaxChartPoints"/> points.
    /// </summary>
    public async Task<IReadOnlyList<TimelinePoint>> GetActivityAsync(int incidentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var activitySql = $"""
            WITH {IncidentBroadcasts}
            SELECT d.DeliveredAt / 60000 AS Minute, 'Delivered' AS Kind, COUNT(*) AS Count
            FROM Deliveries d JOIN ib ON ib.Id = d.BroadcastId WHERE d.DeliveredAt IS NOT NULL GROUP BY d.DeliveredAt / 60000
            UNION ALL
            SELECT k.AnsweredAt / 60000, k.Answer, COUNT(*)
            FROM CheckIns k JOIN ib ON ib.Id = k.BroadcastId GROUP BY k.Answer, k.AnsweredAt / 60000
            """;
        var minutes = await db.Database.SqlQueryRaw<MinuteCount>(activitySql, Parameter(incidentId)).ToListAsync(cancellationToken);
        return ActivityBuckets.Of(minutes.Select(m => (m.Minute, m.Kind, m.Count)), MaxChartPoints);
    }

    private static async Task<(DeliveryFigures All, IReadOnlyList<DeliveryFigures> Channels)> DeliveriesAsync(AppDbContext db, int incidentId,
        CancellationToken cancellationToken)
    {
        var countsSql = $"""
            WITH {IncidentBroadcasts}
            SELECT d.Channel AS Channel, COUNT(*) AS Messages,
                SUM(CASE WHEN {IsSent} THEN 1 ELSE 0 END) AS Sent,
                SUM(CASE WHEN {IsDelivered} THEN 1 ELSE 0 END) AS Delivered,
                SUM(CASE WHEN {IsRead} THEN 1 ELSE 0 END) AS "Read",
                SUM(CASE WHEN {IsFailed} THEN 1 ELSE 0 END) AS Failed
            FROM Deliveries d JOIN ib ON ib.Id = d.BroadcastId
            GROUP BY d.Channel
            """;
        var counts = await db.Database.SqlQueryRaw<ChannelCounts>(countsSql, Parameter(incidentId)).ToListAsync(cancellationToken);
        var times = await DurationPercentiles.ComputeAsync(db, IncidentBroadcasts, $"""
            SELECT '' AS Period, d.Channel AS Grp, {TimeToDeliverMs} AS Ms
            FROM Deliveries d JOIN ib ON ib.Id = d.BroadcastId WHERE d.DeliveredAt IS NOT NULL
            UNION ALL
            SELECT '' AS Period, '' AS Grp, {TimeToDeliverMs} AS Ms
            FROM Deliveries d JOIN ib ON ib.Id = d.BroadcastId WHERE d.DeliveredAt IS NOT NULL
            """, [Parameter(incidentId)], cancellationToken);

        DurationStats Times(string group) => times.GetValueOrDefault(("", group)) ?? DurationStats.None;
        var channels = counts
            .Select(c => new DeliveryFigures(Enum.Parse<MessageChannel>(c.Channel), c.Messages, c.Sent, c.Delivered, c.Read, c.Failed, Times(c.Channel)))
            .OrderBy(c => c.Channel)
            .ToList();
        var all = new DeliveryFigures(null, counts.Sum(c => c.Messages), counts.Sum(c => c.Sent), counts.Sum(c => c.Delivered),
            counts.Sum(c => c.Read), counts.Sum(c => c.Failed), Times(""));
        return (all, channels);
    }

    private static async Task<CheckInFigures> CheckInsAsync(AppDbContext db, int incidentId, CancellationToken cancellationToken)
    {
        var tallySql = $"""
            WITH {IncidentBroadcasts}, {CheckInRecipients},
            latest AS (
                SELECT k.ContactId AS ContactId, k.Answer AS Answer,
                    ROW_NUMBER() OVER (PARTITION BY k.ContactId ORDER BY k.AnsweredAt DESC, k.Id DESC) AS Rn
                FROM CheckIns k JOIN ib ON ib.Id = k.BroadcastId WHERE ib.IsCheckIn = 1)
            SELECT (SELECT COUNT(*) FROM ib WHERE IsCheckIn = 1) AS Broadcasts,
                (SELECT COUNT(*) FROM rc) AS Recipients,
                (SELECT COUNT(*) FROM latest WHERE Rn = 1 AND Answer = '{nameof(CheckInAnswer.Safe)}') AS Safe,
                (SELECT COUNT(*) FROM latest WHERE Rn = 1 AND Answer = '{nameof(CheckInAnswer.NeedsHelp)}') AS NeedsHelp
            """;
        var tally = (await db.Database.SqlQueryRaw<CheckInTally>(tallySql, Parameter(incidentId)).ToListAsync(cancellationToken)).Single();
        var times = await DurationPercentiles.ComputeAsync(db, IncidentBroadcasts, $"""
            SELECT '' AS Period, 'answer' AS Grp, MAX(0, {FirstAnswerAt} - ib.StartAt) AS Ms
            FROM CheckIns k JOIN ib ON ib.Id = k.BroadcastId WHERE ib.IsCheckIn = 1
            UNION ALL
            SELECT '' AS Period, 'safe' AS Grp, MAX(0, {BecameSafeAt} - ib.StartAt) AS Ms
            FROM CheckIns k JOIN ib ON ib.Id = k.BroadcastId WHERE ib.IsCheckIn = 1 AND k.Answer = '{nameof(CheckInAnswer.Safe)}'
            """, [Parameter(incidentId)], cancellationToken);
        return new CheckInFigures(tally.Broadcasts, tally.Recipients, tally.Safe, tally.NeedsHelp,
            times.GetValueOrDefault(("", "answer")) ?? DurationStats.None, times.GetValueOrDefault(("", "safe")) ?? DurationStats.None);
    }

    private static readonly string UnaccountedFrom = $"""
        WITH {IncidentBroadcasts}, {CheckInRecipients},
        answered AS (SELECT k.ContactId AS ContactId FROM CheckIns k JOIN ib ON ib.Id = k.BroadcastId WHERE ib.IsCheckIn = 1),
        missing AS (SELECT ContactId FROM rc WHERE ContactId NOT IN (SELECT ContactId FROM answered))
        """;

    private static async Task<int> CountUnaccountedAsync(AppDbContext db, int incidentId, CancellationToken cancellationToken) =>
        (int)await Scalar(db, $"{UnaccountedFrom} SELECT COUNT(*) AS Value FROM missing", incidentId, cancellationToken);

    private static async Task<IReadOnlyList<UnaccountedContact>> UnaccountedAsync(AppDbContext db, int incidentId, int skip, int take,
        CancellationToken cancellationToken)
    {
        var pageSql = $"""
            {UnaccountedFrom}
            SELECT p.ContactId AS ContactId, p.Name AS Name, p.Phone AS Phone, p.Zone AS Zone, last.Channel AS LastChannel, last.Status AS LastStatus
            FROM (
                -- The page first, so the last message is looked up for the people shown only.
                SELECT c.Id AS ContactId, c.Name AS Name, c.Phone AS Phone, c.Zone AS Zone
                FROM missing m JOIN Contacts c ON c.Id = m.ContactId
                ORDER BY c.Name, c.Id LIMIT @take OFFSET @skip) p
            LEFT JOIN Deliveries last ON last.Id = (
                SELECT MAX(d.Id) FROM Deliveries d JOIN ib ON ib.Id = d.BroadcastId WHERE ib.IsCheckIn = 1 AND d.ContactId = p.ContactId)
            ORDER BY p.Name, p.ContactId
            """;
        var rows = await db.Database.SqlQueryRaw<UnaccountedRow>(pageSql, Parameter(incidentId), new SqliteParameter("@take", Math.Max(0, take)), new SqliteParameter("@skip", Math.Max(0, skip)))
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new UnaccountedContact(r.ContactId, r.Name, r.Phone, r.Zone,
            r.LastChannel is null ? null : Enum.Parse<MessageChannel>(r.LastChannel),
            r.LastStatus is null ? null : Enum.Parse<DeliveryStatus>(r.LastStatus)))];
    }

    private static async Task<IReadOnlyList<FailureReason>> FailuresAsync(AppDbContext db, int incidentId, CancellationToken cancellationToken)
    {
        // As on the dashboard: by error code; the provider's words can quote a number, so they only group when there is no code.
        var failuresSql = $"""
            WITH {IncidentBroadcasts}
            SELECT d.Channel AS Channel, d.ErrorCode AS ErrorCode, MAX(d.ErrorReason) AS Reason, COUNT(*) AS Count
            FROM Deliveries d JOIN ib ON ib.Id = d.BroadcastId
            WHERE {IsFailed}
            GROUP BY d.Channel, d.ErrorCode, CASE WHEN d.ErrorCode IS NULL THEN d.ErrorReason END
            ORDER BY COUNT(*) DESC, d.Channel, d.ErrorCode LIMIT {MaxFailureGroups}
            """;
        var groups = await db.Database.SqlQueryRaw<FailureGroup>(failuresSql, Parameter(incidentId)).ToListAsync(cancellationToken);
        return [.. groups.Select(g => new FailureReason(Enum.Parse<MessageChannel>(g.Channel), g.ErrorCode, g.Reason, g.Count))];
    }

    private static async Task<FallbackFigures> FallbacksAsync(AppDbContext db, int incidentId, CancellationToken cancellationToken)
    {
        var fallbacksSql = $"""
            WITH {IncidentBroadcasts}
            SELECT COUNT(*) AS Used,
                COALESCE(SUM(CASE WHEN {IsDelivered} THEN 1 ELSE 0 END), 0) AS Delivered,
                COALESCE(SUM(CASE WHEN {IsFailed} THEN 1 ELSE 0 END), 0) AS Failed
            FROM Deliveries d JOIN ib ON ib.Id = d.BroadcastId
            WHERE d.FallbackForDeliveryId IS NOT NULL
            """;
        var row = (await db.Database.SqlQueryRaw<FallbackCounts>(fallbacksSql, Parameter(incidentId)).ToListAsync(cancellationToken)).Single();
        return new FallbackFigures(row.Used, row.Delivered, row.Failed);
    }

    private static async Task<long> Scalar(AppDbContext db, string sql, int incidentId, CancellationToken cancellationToken) =>
        (await db.Database.SqlQueryRaw<ScalarValue>(sql, Parameter(incidentId)).ToListAsync(cancellationToken)).Single().Value;

    private static SqliteParameter Parameter(int incidentId) => new(IncidentParameter, incidentId);

    // Rows of the raw queries (SqlQuery maps by column name).
    private sealed class ScalarValue { public long Value { get; set; } }

    private sealed class ChannelCounts
    {
        public string Channel { get; set; } = "";
        public int Messages { get; set; }
        public int Sent { get; set; }
        public int Delivered { get; set; }
        public int Read { get; set; }
        public int Failed { get; set; }
    }

    private sealed class CheckInTally
    {
        public int Broadcasts { get; set; }
        public int Recipients { get; set; }
        public int Safe { get; set; }
        public int NeedsHelp { get; set; }
    }

    private sealed class UnaccountedRow
    {
        public int ContactId { get; set; }
        public string Name { get; set; } = "";
        public string Phone { get; set; } = "";
        public string? Zone { get; set; }
        public string? LastChannel { get; set; }
        public string? LastStatus { get; set; }
    }

    private sealed class FailureGroup
    {
        public string Channel { get; set; } = "";
        public string? ErrorCode { get; set; }
        public string? Reason { get; set; }
        public int Count { get; set; }
    }

    private sealed class FallbackCounts
    {
        public int Used { get; set; }
        public int Delivered { get; set; }
        public int Failed { get; set; }
    }

    private sealed class MinuteCount
    {
        public long Minute { get; set; }
        public string Kind { get; set; } = "";
        public int Count { get; set; }
    }
}
