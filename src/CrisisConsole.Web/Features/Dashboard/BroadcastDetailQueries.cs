using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Dashboard;

public enum AnswerFilter
{
    Safe,
    NeedsHelp,
    NoAnswer,
}

public sealed record RecipientFilter(DeliveryStatus? Status = null, AnswerFilter? Answer = null, string? Zone = null)
{
    public bool IsStatusOnly => Answer is null && string.IsNullOrEmpty(Zone);
}

/// <summary>One delivery of the broadcast with its person and their answer (a recipient sent SMS after WhatsApp has two).</summary>
public sealed record RecipientRow(long DeliveryId, int? ContactId, string? Name, string Phone, MessageChannel Channel, DeliveryStatus Status,
    CheckInAnswer? Answer, string? Zone, string? ErrorCode, DateTimeOffset UpdatedAt);

public sealed record FailureReason(MessageChannel Channel, string? ErrorCode, string? Reason, int Count);

public sealed record TimelinePoint(DateTime Minute, int Delivered, int Safe, int NeedsHelp);

/// <summary>
/// The heavier reads of the dashboard, each bounded by one broadcast and an index: failures grouped by
/// reason, answers and deliveries per minute, and one page of recipients. Pages call them every few
/// seconds at most, never per event.
/// </summary>
public sealed class BroadcastDetailQueries(IDbContextFactory<AppDbContext> contexts)
{
    private const int MaxFailureGroups = 20;
    private const int MaxTimelinePoints = 180;

    public async Task<IReadOnlyList<FailureReason>> GetFailureReasonsAsync(int broadcastId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // By error code; the provider's words can quote the number, so they only group when there is no code.
        // Served by the (BroadcastId, Status) index: only the failed rows are read.
        var groups = await db.Database.SqlQuery<FailureGroup>($"""
            SELECT Channel, ErrorCode, MAX(ErrorReason) AS Reason, COUNT(*) AS Count FROM Deliveries
            WHERE BroadcastId = {broadcastId} AND Status IN ({nameof(DeliveryStatus.Failed)}, {nameof(DeliveryStatus.Undelivered)})
            GROUP BY Channel, ErrorCode, CASE WHEN ErrorCode IS NULL THEN ErrorReason END
            ORDER BY COUNT(*) DESC LIMIT {MaxFailureGroups}
            """).ToListAsync(cancellationToken);
        return [.. groups.Select(g => new FailureReason(Enum.Parse<MessageChannel>(g.Channel), g.ErrorCode, g.Reason, g.Count))];
    }

    /// <summary>
    /// Deliveries reaching "delivered" and answers per minute (UTC) from <paramref name="from"/> (the start of
    /// sending) to <paramref name="to"/> (now), gaps filled with zero; wider buckets when that spans more
    /// than <see cref="MaxTimelinePoints"/> minutes.
    /// </summary>
    public async Task<IReadOnlyList<TimelinePoint>> GetTimelineAsync(int broadcastId, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var delivered = await db.Database.SqlQuery<MinuteCount>($"""
            SELECT DeliveredAt / 60000 AS Minute, NULL AS Answer, COUNT(*) AS Count FROM Deliveries
            WHERE BroadcastId = {broadcastId} AND DeliveredAt IS NOT NULL GROUP BY DeliveredAt / 60000
            """).ToListAsync(cancellationToken);
        var answered = await db.Database.SqlQuery<MinuteCount>($"""
            SELECT AnsweredAt / 60000 AS Minute, Answer, COUNT(*) AS Count FROM CheckIns
            WHERE BroadcastId = {broadcastId} GROUP BY Answer, AnsweredAt / 60000
            """).ToListAsync(cancellationToken);
        return Buckets(delivered, answered, from.ToUnixTimeMilliseconds() / 60_000, to.ToUnixTimeMilliseconds() / 60_000);
    }

    private static List<TimelinePoint> Buckets(List<MinuteCount> delivered, List<MinuteCount> answered, long fromMinute, long toMinute)
    {
        var all = delivered.Concat(answered).ToList();
        if (all.Count == 0)
        {
            return [];
        }

        var first = Math.Min(fromMinute, all.Min(m => m.Minute));
        var last = Math.Max(toMinute, all.Max(m => m.Minute));
        // A line needs two points.
        first = Math.Min(first, last - 1);
        var width = Math.Max(1, (last - first + MaxTimelinePoints) / MaxTimelinePoints);
        long Bucket(long minute) => (minute - first) / width;
        var points = new List<TimelinePoint>();
        for (long bucket = 0; bucket <= Bucket(last); bucket++)
        {
            int Sum(IEnumerable<MinuteCount> counts) => counts.Where(m => Bucket(m.Minute) == bucket).Sum(m => m.Count);
            points.Add(new TimelinePoint(
                DateTimeOffset.FromUnixTimeMilliseconds((first + bucket * width) * 60_000).UtcDateTime,
                Sum(delivered),
                Sum(answered.Where(a => a.Answer == nameof(CheckInAnswer.Safe))),
                Sum(answered.Where(a => a.Answer == nameof(CheckInAnswer.NeedsHelp)))));
        }

        return points;
    }

    public async Task<IReadOnlyList<RecipientRow>> GetRecipientsAsync(int broadcastId, RecipientFilter filter, int skip, int take,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Recipients(db, broadcastId, filter).Skip(skip).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Counts a filtered view by query; the page only asks when the counters cannot answer (an answer or zone filter).</summary>
    public async Task<int> CountRecipientsAsync(int broadcastId, RecipientFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Recipients(db, broadcastId, filter).CountAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> GetZonesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Contact>().Where(c => c.Zone != null && c.DeletedAt == null)
            .Select(c => c.Zone!).Distinct().OrderBy(z => z).Take(500).ToListAsync(cancellationToken);
    }

    /// <summary>In delivery order, which the (BroadcastId) and (BroadcastId, Status) indexes give without a sort.</summary>
    internal static IQueryable<RecipientRow> Recipients(AppDbContext db, int broadcastId, RecipientFilter filter)
    {
        var deliveries = db.Set<Delivery>().AsNoTracking().Where(d => d.BroadcastId == broadcastId);
        if (filter.Status is { } status)
        {
            deliveries = deliveries.Where(d => d.Status == status);
        }

        var rows = from d in deliveries
                   join c in db.Set<Contact>() on d.ContactId equals (int?)c.Id into contacts
                   from c in contacts.DefaultIfEmpty()
                   join k in db.Set<CheckIn>().Where(k => k.BroadcastId == broadcastId) on d.ContactId equals (int?)k.ContactId into checkIns
                   from k in checkIns.DefaultIfEmpty()
                   select new { d, c, k };
        if (!string.IsNullOrWhiteSpace(filter.Zone))
        {
            var zone = filter.Zone.Trim();
            rows = rows.Where(r => r.c!.Zone == zone);
        }

        rows = filter.Answer switch
        {
            AnswerFilter.Safe => rows.Where(r => r.k!.Answer == CheckInAnswer.Safe),
            AnswerFilter.NeedsHelp => rows.Where(r => r.k!.Answer == CheckInAnswer.NeedsHelp),
            AnswerFilter.NoAnswer => rows.Where(r => r.k == null),
            _ => rows,
        };

        return rows.OrderBy(r => r.d.Id).Select(r => new RecipientRow(r.d.Id, r.d.ContactId, r.c == null ? null : r.c.Name, r.d.ToAddress,
            r.d.Channel, r.d.Status, r.k == null ? null : r.k.Answer, r.c == null ? null : r.c.Zone, r.d.ErrorCode, r.d.UpdatedAt));
    }

    /// <summary>A row of the failures GROUP BY (SqlQuery maps by column name).</summary>
    private sealed class FailureGroup
    {
        public string Channel { get; set; } = "";
        public string? ErrorCode { get; set; }
        public string? Reason { get; set; }
        public int Count { get; set; }
    }

    /// <summary>A row of the per-minute GROUP BYs (SqlQuery maps by column name).</summary>
    private sealed class MinuteCount
    {
        public long Minute { get; set; }
        public string? Answer { get; set; }
        public int Count { get; set; }
    }
}
