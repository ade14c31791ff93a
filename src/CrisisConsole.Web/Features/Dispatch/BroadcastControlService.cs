using System.Globalization;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Live;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>What a control action did: the broadcast's new state and, for a cancel, how many messages were stopped.</summary>
public sealed record BroadcastControlResult(int BroadcastId, BroadcastState State, int StoppedDeliveries);

/// <summary>
/// The operator's controls over a sending broadcast (pause, resume, cancel) and the messaging service's
/// own transitions (start when due, complete when nothing is left). Every change goes through
/// <see cref="BroadcastStateMachine"/>, is audited in the same transaction and announced on the
/// <see cref="LiveEventHub"/> (<see cref="BroadcastStateChanged"/>) after commit.
/// </summary>
public sealed partial class BroadcastControlService(
    IDbContextFactory<AppDbContext> contexts,
    DeliveryWriteGate writeGate,
    AuditLog audit,
    LiveEventHub hub,
    TimeProvider time,
    ILogger<BroadcastControlService> logger)
{
    private const int ConcurrencyAttempts = 3;

    private static readonly string AllProviders = string.Join(", ", Enum.GetNames<GatewayProvider>().Select(n => $"'{n}'"));
    private static readonly string AllStatuses = string.Join(", ", Enum.GetNames<DeliveryStatus>().Select(n => $"'{n}'"));

    /// <summary>1 when the broadcast has nothing left to send, to reconcile or to wait for.</summary>
    internal static readonly string FinishedSql =
        $"SELECT NOT EXISTS (SELECT 1 FROM Deliveries WHERE {nameof(Delivery.BroadcastId)} = $b AND {nameof(Delivery.Provider)} IN ({AllProviders}) " +
        $"AND {nameof(Delivery.Status)} IN ({AllStatuses}) AND {nameof(Delivery.NextAttemptAt)} IS NOT NULL)";

    /// <summary>Sending → Paused: no new message leaves until resumed (those in flight finish). Null when there is no such broadcast.</summary>
    public Task<BroadcastControlResult?> PauseAsync(int broadcastId, AuditActor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(broadcastId, BroadcastState.Paused, actor, AuditActions.BroadcastPaused, null, cancellationToken);

    /// <summary>Paused → Sending. Null when there is no such broadcast.</summary>
    public Task<BroadcastControlResult?> ResumeAsync(int broadcastId, AuditActor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(broadcastId, BroadcastState.Sending, actor, AuditActions.BroadcastResumed, null, cancellationToken);

    /// <summary>
    /// Approved, Sending or Paused → Cancelled: every message not yet sent is stopped (failed with error
    /// code "cancelled", nothing left to do) and no SMS fallback starts any more. Messages already with the
    /// provider are not recalled. Null when there is no such broadcast.
    /// </summary>
    public Task<BroadcastControlResult?> CancelAsync(int broadcastId, AuditActor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(broadcastId, BroadcastState.Cancelled, actor, AuditActions.BroadcastCancelled, StopRemainingAsync, cancellationToken);

    /// <summary>Approved broadcasts whose time has come (no schedule, or ScheduledFor passed) start sending. Returns their ids.</summary>
    public async Task<IReadOnlyList<int>> StartDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var due = await db.Set<Broadcast>().AsNoTracking()
            .Where(b => b.State == BroadcastState.Approved && (b.ScheduledFor == null || b.ScheduledFor <= now))
            .Select(b => b.Id)
            .ToListAsync(cancellationToken);
        var started = new List<int>();
        foreach (var id in due)
        {
            try
            {
                if (await ChangeAsync(id, BroadcastState.Sending, AuditActor.System, AuditActions.BroadcastSending, null, cancellationToken) is not null)
                {
                    started.Add(id);
                }
            }
            catch (BroadcastRuleException)
            {
                // Cancelled by someone in the meantime.
            }
        }

        return started;
    }

    /// <summary>Sending → Completed when no delivery is left to send, to reconcile or to wait for (no NextAttemptAt anywhere).</summary>
    public async Task<bool> CompleteIfFinishedAsync(int broadcastId, CancellationToken cancellationToken)
    {
        try
        {
            return await ChangeAsync(broadcastId, BroadcastState.Completed, AuditActor.System, AuditActions.BroadcastCompleted, null, cancellationToken,
                onlyIf: IsFinishedAsync) is not null;
        }
        catch (BroadcastRuleException)
        {
            return false;
        }
    }

    /// <summary>
    /// The same test as the completion makes, as a plain read outside the write gate (it may scan the
    /// broadcast's index entries), so the gated completion is tried only when it will likely succeed.
    /// </summary>
    public async Task<bool> LooksFinishedAsync(int broadcastId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        return await IsFinishedAsync(db, broadcastId, cancellationToken);
    }

    private async Task<BroadcastControlResult?> ChangeAsync(int broadcastId, BroadcastState to, AuditActor actor, string action,
        Func<AppDbContext, Broadcast, DateTimeOffset, CancellationToken, Task<int>>? alsoDo, CancellationToken cancellationToken,
        Func<AppDbContext, int, CancellationToken, Task<bool>>? onlyIf = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                BroadcastControlResult result;
                using (await writeGate.EnterAsync(cancellationToken))
                {
                    await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                    var broadcast = await db.Set<Broadcast>().SingleOrDefaultAsync(b => b.Id == broadcastId, cancellationToken);
                    if (broadcast is null)
                    {
                        return null;
                    }

                    if (onlyIf is not null && (!BroadcastStateMachine.CanTransition(broadcast.State, to) ||
                                               !await onlyIf(db, broadcastId, cancellationToken)))
                    {
                        return null;
                    }

                    BroadcastStateMachine.EnsureCanTransition(broadcast, to);
                    var now = time.GetUtcNow();
                    var from = broadcast.State;
                    broadcast.State = to;
                    broadcast.UpdatedAt = now;
                    broadcast.Version = Guid.NewGuid();
                    switch (to)
                    {
                        case BroadcastState.Sending when from == BroadcastState.Approved:
                            broadcast.SendingStartedAt = now;
                            break;
                        case BroadcastState.Completed:
                            broadcast.CompletedAt = now;
                            break;
                        case BroadcastState.Cancelled:
                            broadcast.CancelledAt = now;
                            break;
                    }

                    var stopped = alsoDo is null ? 0 : await alsoDo(db, broadcast, now, cancellationToken);
                    audit.Add(db, actor, action, "Broadcast", broadcastId.ToString(CultureInfo.InvariantCulture), Describe(broadcast, from, stopped));
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    result = new BroadcastControlResult(broadcastId, to, stopped);
                }

                LogStateChanged(logger, broadcastId, to, actor.Id);
                hub.Publish(new BroadcastStateChanged(broadcastId, to));
                if (result.StoppedDeliveries > 0)
                {
                    hub.Publish(new BroadcastDeliveriesChanged(broadcastId));
                }

                return result;
            }
            catch (DbUpdateConcurrencyException) when (attempt < ConcurrencyAttempts)
            {
                // Someone else changed the broadcast between our read and write: read it again and re-check.
            }
        }
    }

    private static string Describe(Broadcast broadcast, BroadcastState from, int stopped) => broadcast.State switch
    {
        BroadcastState.Sending when from == BroadcastState.Approved => broadcast.ScheduledFor is { } at
            ? $"Sending started (scheduled for {at.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)})"
            : "Sending started",
        BroadcastState.Paused => "Sending paused",
        BroadcastState.Sending => "Sending resumed",
        BroadcastState.Cancelled => $"Cancelled while {BroadcastStateMachine.Describe(from)}; {stopped.ToString("N0", CultureInfo.InvariantCulture)} message(s) not yet sent were stopped",
        BroadcastState.Completed => "Completed: nothing left to send or to wait for",
        _ => BroadcastStateMachine.Describe(broadcast.State),
    };

    private static async Task<bool> IsFinishedAsync(AppDbContext db, int broadcastId, CancellationToken cancellationToken)
    {
        // A claimed row always keeps its NextAttemptAt, so this also covers sends in flight and unknown outcomes.
        // Every provider and status is listed so SQLite seeks IX_Deliveries_Dispatch rather than scanning it.
        await using var command = DispatchSql.Command(db, FinishedSql, ("$b", broadcastId));
        return await command.ExecuteScalarAsync(cancellationToken) is long finished && finished == 1;
    }

    /// <summary>Stops every message of the broadcast not yet handed to a provider, and every fallback timer.</summary>
    private static async Task<int> StopRemainingAsync(AppDbContext db, Broadcast broadcast, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Claimed rows are in the messaging service's hands right now: it marks them cancelled itself
        // (or records what the provider said, if the call already went out).
        var stopped = await DispatchSql.ExecuteAsync(db,
            $"UPDATE Deliveries SET {nameof(Delivery.Status)} = $failed, {nameof(Delivery.StatusRank)} = $rank, {nameof(Delivery.ErrorCode)} = $code, " +
            $"{nameof(Delivery.ErrorReason)} = $reason, {nameof(Delivery.FailedAt)} = $now, {nameof(Delivery.UpdatedAt)} = $now, " +
            $"{nameof(Delivery.NextAttemptAt)} = NULL WHERE {nameof(Delivery.BroadcastId)} = $b AND {nameof(Delivery.Status)} = $pending " +
            $"AND {nameof(Delivery.ClaimedAt)} IS NULL",
            cancellationToken,
            ("$failed", nameof(DeliveryStatus.Failed)), ("$rank", DeliveryStatusRank.Of(DeliveryStatus.Failed)), ("$code", DispatchErrorCodes.Cancelled),
            ("$reason", "Not sent: the broadcast was cancelled."), ("$now", now.ToUnixTimeMilliseconds()), ("$b", broadcast.Id),
            ("$pending", nameof(DeliveryStatus.Pending)));
        await DispatchSql.ExecuteAsync(db,
            $"UPDATE Deliveries SET {nameof(Delivery.NextAttemptAt)} = NULL WHERE {nameof(Delivery.BroadcastId)} = $b " +
            $"AND {nameof(Delivery.ClaimedAt)} IS NULL AND {nameof(Delivery.NextAttemptAt)} IS NOT NULL",
            cancellationToken, ("$b", broadcast.Id));
        // A bulk change bypasses the per-delivery observers, so the counts are rebuilt from the rows.
        await BroadcastStatusCounts.RebuildAsync(db, broadcast.Id, cancellationToken);
        return stopped;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast {BroadcastId} is now {State} (by {ActorId})")]
    private static partial void LogStateChanged(ILogger logger, int broadcastId, BroadcastState state, string actorId);
}
