using System.Globalization;
using System.Runtime.CompilerServices;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrisisConsole.Web.Features.Incidents;

/// <summary>
/// Writes a broadcast's life into its incident's timeline, in the same SaveChanges (so the same
/// transaction) as the change itself. Every broadcast transition is audited where it happens (drafts,
/// approvals, the messaging service's start and completion, cancels), so the audit entry being added
/// is the one signal common to all of them, and it already says who and when. When a broadcast of an
/// incident starts sending, <see cref="Incident.LastUpdateSentAt"/> moves forward, which resets the
/// communications lead's reminder.
/// </summary>
internal sealed class BroadcastTimelineRecorder(AfterCommitEvents afterCommit, LiveEventHub hub) : SaveChangesInterceptor
{
    private static readonly Dictionary<string, IncidentTimelineKind> Kinds = new(StringComparer.Ordinal)
    {
        [AuditActions.BroadcastCreated] = IncidentTimelineKind.BroadcastCreated,
        [AuditActions.BroadcastSubmitted] = IncidentTimelineKind.BroadcastSubmitted,
        [AuditActions.BroadcastApproved] = IncidentTimelineKind.BroadcastApproved,
        [AuditActions.BroadcastRejected] = IncidentTimelineKind.BroadcastRejected,
        [AuditActions.BroadcastSending] = IncidentTimelineKind.BroadcastStarted,
        [AuditActions.BroadcastCompleted] = IncidentTimelineKind.BroadcastCompleted,
        [AuditActions.BroadcastCancelled] = IncidentTimelineKind.BroadcastCancelled,
    };

    // Incidents touched by a SaveChanges that runs without a transaction: announced once it has saved.
    private readonly ConditionalWeakTable<DbContext, List<int>> unannounced = new();

    // Broadcasts are saved asynchronously everywhere; a synchronous save (SQLite does its I/O synchronously anyway) gets the same treatment.
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        SavingChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        SavedChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => SaveChangesFailedAsync(eventData).GetAwaiter().GetResult();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not AppDbContext db)
        {
            return result;
        }

        var audits = db.ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Added && e.Entity.TargetType == nameof(Broadcast) && Kinds.ContainsKey(e.Entity.Action))
            .Select(e => e.Entity).ToList();
        if (audits.Count == 0)
        {
            return result;
        }

        var touched = new HashSet<int>();
        foreach (var audit in audits)
        {
            if (!int.TryParse(audit.TargetId, NumberStyles.None, CultureInfo.InvariantCulture, out var broadcastId)
                || await FindAsync(db, broadcastId, cancellationToken) is not { IncidentId: { } incidentId } broadcast)
            {
                continue;
            }

            var kind = Kinds[audit.Action];
            IncidentTimeline.Add(db, incidentId, kind, Describe(kind, broadcast), audit.ActorId, audit.ActorName, audit.At, broadcastId);
            if (kind == IncidentTimelineKind.BroadcastApproved && broadcast.State == BroadcastState.Completed)
            {
                // Approved with nobody left to message: it completes in the same step.
                IncidentTimeline.Add(db, incidentId, IncidentTimelineKind.BroadcastCompleted, Describe(IncidentTimelineKind.BroadcastCompleted, broadcast),
                    audit.ActorId, audit.ActorName, audit.At, broadcastId);
            }

            if (kind == IncidentTimelineKind.BroadcastStarted)
            {
                var at = audit.At.ToUnixTimeMilliseconds();
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"UPDATE Incidents SET LastUpdateSentAt = {at} WHERE Id = {incidentId} AND (LastUpdateSentAt IS NULL OR LastUpdateSentAt < {at})",
                    cancellationToken);
            }

            touched.Add(incidentId);
        }

        foreach (var incidentId in touched)
        {
            if (db.Database.CurrentTransaction is not null)
            {
                afterCommit.Publish(db, new IncidentChanged(incidentId));
            }
            else
            {
                unannounced.GetOrCreateValue(db).Add(incidentId);
            }
        }

        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && unannounced.TryGetValue(db, out var incidents))
        {
            unannounced.Remove(db);
            foreach (var incidentId in incidents)
            {
                hub.Publish(new IncidentChanged(incidentId));
            }
        }

        return ValueTask.FromResult(result);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            unannounced.Remove(db);
        }

        return Task.CompletedTask;
    }

    private static async Task<Broadcast?> FindAsync(AppDbContext db, int id, CancellationToken cancellationToken) =>
        db.ChangeTracker.Entries<Broadcast>().FirstOrDefault(e => e.Entity.Id == id)?.Entity
        ?? await db.Set<Broadcast>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, cancellationToken);

    private static string Describe(IncidentTimelineKind kind, Broadcast broadcast)
    {
        var name = $"Broadcast #{broadcast.Id} ({broadcast.TemplateName}{(broadcast.IsDrill ? ", drill" : "")})";
        return kind switch
        {
            IncidentTimelineKind.BroadcastCreated => $"{name} drafted",
            IncidentTimelineKind.BroadcastSubmitted => $"{name} submitted for approval",
            IncidentTimelineKind.BroadcastApproved => $"{name} approved: {broadcast.RecipientCount:N0} recipients" +
                (broadcast.DecisionComment is { } comment ? $" · comment: {Excerpt(comment)}" : ""),
            IncidentTimelineKind.BroadcastRejected => $"{name} rejected" + (broadcast.DecisionComment is { } why ? $": {Excerpt(why)}" : ""),
            IncidentTimelineKind.BroadcastStarted => $"{name} started sending to {broadcast.RecipientCount:N0} recipients",
            IncidentTimelineKind.BroadcastCompleted => $"{name} completed",
            IncidentTimelineKind.BroadcastCancelled => $"{name} cancelled",
            _ => name,
        };
    }

    private static string Excerpt(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
