using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.CheckIns;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Dashboard;

/// <summary>
/// The cheap reads behind the live pages and the read API: a broadcast's row and its counters, each a
/// primary-key lookup or a few aggregate rows. Safe to call on every refresh tick.
/// </summary>
public sealed class BroadcastProgressQueries(IDbContextFactory<AppDbContext> contexts, TimeProvider time)
{
    /// <summary>Broadcasts listed as recent on the overview when they are no longer active.</summary>
    public static readonly TimeSpan RecentPeriod = TimeSpan.FromDays(7);

    private const int MaxListed = 100;

    public async Task<BroadcastSummary?> GetSummaryAsync(int broadcastId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Summaries(db.Set<Broadcast>().Where(b => b.Id == broadcastId)).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<BroadcastCounters> GetCountersAsync(int broadcastId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counters = await CountersAsync(db, [broadcastId], cancellationToken);
        return counters.GetValueOrDefault(broadcastId, BroadcastCounters.Empty);
    }

    /// <summary>
    /// Active broadcasts (approved, sending, paused), those waiting for approval, and the others created
    /// within <see cref="RecentPeriod"/>, newest first, with their counters.
    /// </summary>
    public async Task<IReadOnlyList<BroadcastListItem>> ListAsync(bool activeOnly, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var since = time.GetUtcNow() - RecentPeriod;
        var listed = db.Set<Broadcast>().Where(b =>
            b.State == BroadcastState.Approved || b.State == BroadcastState.Sending || b.State == BroadcastState.Paused ||
            (!activeOnly && (b.State == BroadcastState.PendingApproval || b.CreatedAt >= since)));
        var summaries = await Summaries(listed.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id).Take(MaxListed))
            .ToListAsync(cancellationToken);
        var counters = await CountersAsync(db, summaries.Select(s => s.Id).ToList(), cancellationToken);
        return [.. summaries.Select(s => new BroadcastListItem(s, counters.GetValueOrDefault(s.Id, BroadcastCounters.Empty)))];
    }

    public async Task<int> CountPendingApprovalAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Broadcast>().CountAsync(b => b.State == BroadcastState.PendingApproval, cancellationToken);
    }

    private static async Task<Dictionary<int, BroadcastCounters>> CountersAsync(AppDbContext db, List<int> broadcastIds, CancellationToken cancellationToken)
    {
        if (broadcastIds.Count == 0)
        {
            return [];
        }

        var statuses = await db.Set<BroadcastStatusCount>().AsNoTracking()
            .Where(c => broadcastIds.Contains(c.BroadcastId) && c.Count != 0)
            .ToListAsync(cancellationToken);
        var answers = await db.Set<CheckInCount>().AsNoTracking()
            .Where(c => broadcastIds.Contains(c.BroadcastId) && c.Count != 0)
            .ToListAsync(cancellationToken);
        return broadcastIds.ToDictionary(id => id, id => new BroadcastCounters(
            [.. statuses.Where(s => s.BroadcastId == id).OrderBy(s => s.Channel).ThenBy(s => s.Status)
                .Select(s => new ChannelStatusCount(s.Channel, s.Status, s.Count))],
            answers.Where(a => a.BroadcastId == id && a.Answer == CheckInAnswer.Safe).Sum(a => a.Count),
            answers.Where(a => a.BroadcastId == id && a.Answer == CheckInAnswer.NeedsHelp).Sum(a => a.Count)));
    }

    private static IQueryable<BroadcastSummary> Summaries(IQueryable<Broadcast> broadcasts) => broadcasts.AsNoTracking().Select(b =>
        new BroadcastSummary(b.Id, b.State, b.TemplateName, b.IsDrill, b.ChannelPolicy, b.RecipientCount, b.CreatedByName, b.CreatedAt,
            b.SubmittedAt, b.DecidedByName, b.DecidedAt, b.DecisionComment, b.ScheduledFor, b.SendingStartedAt, b.CompletedAt, b.CancelledAt));
}
