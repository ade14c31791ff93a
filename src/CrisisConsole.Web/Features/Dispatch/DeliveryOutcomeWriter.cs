using System.Threading.Channels;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Live;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>
/// Writes send outcomes durably, many per transaction ("group commit"): each sender hands its outcome
/// over and waits until it is committed before it takes the next message, so at any moment the sends
/// whose outcome is not yet stored are at most the sends in flight (Dispatch:MaxConcurrency). That is the
/// whole crash window: an outcome not yet written is just a row still claimed, reconciled on restart.
/// </summary>
public sealed partial class DeliveryOutcomeWriter(
    IDbContextFactory<AppDbContext> contexts,
    DeliveryWriteGate writeGate,
    DeliveryStatusTracker tracker,
    IEnumerable<IDeliveryStatusObserver> observers,
    LiveEventHub hub,
    TimeProvider time,
    ILogger<DeliveryOutcomeWriter> logger)
{
    /// <summary>Outcomes written in one transaction at most; SQLite commits 256 rows about as fast as one.</summary>
    public const int MaxBatch = 256;

    private const string NoFallbackTimerRank = "35"; // failed/undelivered: DeliveryStatusRank.Of(Failed)

    private readonly IDeliveryStatusObserver[] observers = observers.ToArray();
    private readonly Channel<PendingOutcome> queue = Channel.CreateUnbounded<PendingOutcome>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues the outcome and completes once it is committed (or faults when it could not be written).</summary>
    public Task WriteAsync(DeliveryOutcome outcome)
    {
        var pending = new PendingOutcome(outcome, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending))
        {
            pending.Done.SetException(new InvalidOperationException("The outcome writer has stopped."));
        }

        return pending.Done.Task;
    }

    /// <summary>The writer's loop; runs until <see cref="Complete"/> and the queue is drained (shutdown writes what it has).</summary>
    public async Task RunAsync(CancellationToken abort)
    {
        var batch = new List<PendingOutcome>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync(abort))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await WriteBatchAsync(batch, abort);
        }
    }

    public void Complete() => queue.Writer.TryComplete();

    private async Task WriteBatchAsync(List<PendingOutcome> batch, CancellationToken abort)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var broadcasts = new HashSet<int>();
                using (await writeGate.EnterAsync(abort))
                {
                    await using var db = await contexts.CreateDbContextAsync(abort);
                    await using var transaction = await db.Database.BeginTransactionAsync(abort);
                    // Accepted sends, nearly all of a batch, are attached in bulk; the rest one by one.
                    var accepted = batch.Select(p => p.Outcome).Where(o => o.Kind == OutcomeKind.Accepted).ToList();
                    var rest = await AcceptedOutcomes.AttachAsync(db, accepted, observers, time.GetUtcNow(), abort);
                    rest.AddRange(batch.Select(p => p.Outcome).Where(o => o.Kind != OutcomeKind.Accepted));
                    foreach (var outcome in rest)
                    {
                        await ApplyAsync(db, outcome, abort);
                    }

                    broadcasts.UnionWith(batch.Select(p => p.Outcome.Delivery.BroadcastId));

                    await transaction.CommitAsync(abort);
                }

                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult();
                }

                foreach (var broadcastId in broadcasts)
                {
                    hub.Publish(new BroadcastDeliveriesChanged(broadcastId));
                }

                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException && attempt < 3)
            {
                LogWriteRetried(logger, batch.Count, exception);
            }
            catch (Exception exception)
            {
                // The rows stay claimed; the reconciler settles them (nothing is lost, at worst re-sent).
                LogWriteFailed(logger, batch.Count, exception);
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(exception);
                }

                return;
            }
        }
    }

    /// <summary>Applies one outcome inside the caller's write transaction on <paramref name="db"/>.</summary>
    internal async Task ApplyAsync(AppDbContext db, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        var id = outcome.Delivery.Id;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        switch (outcome.Kind)
        {
            case OutcomeKind.Accepted:
                // Attach first: callbacks that came before may already move it to delivered or failed, and then
                // no fallback timer is set below.
                await tracker.AttachProviderIdAsync(db, id, outcome.ProviderMessageId!, outcome.InitialStatus, cancellationToken);
                await DispatchSql.ExecuteAsync(db,
                    $"UPDATE Deliveries SET {nameof(Delivery.ClaimedAt)} = NULL, " +
                    $"{nameof(Delivery.NextAttemptAt)} = CASE WHEN {nameof(Delivery.StatusRank)} < {NoFallbackTimerRank} THEN $timer ELSE NULL END " +
                    $"WHERE {nameof(Delivery.Id)} = $id",
                    cancellationToken, ("$timer", DispatchSql.Millis(outcome.FallbackTimer)), ("$id", id));
                if (outcome.NewReach)
                {
                    await WhatsAppReachLedger.StoreAsync(db, outcome.Delivery.ToAddress, time.GetUtcNow(), cancellationToken);
                }

                break;
            case OutcomeKind.Failed:
                await tracker.MarkFailedAsync(db, id, outcome.ErrorCode, outcome.Reason ?? "Failed.", cancellationToken);
                await DispatchSql.ExecuteAsync(db,
                    $"UPDATE Deliveries SET {nameof(Delivery.ClaimedAt)} = NULL, {nameof(Delivery.NextAttemptAt)} = NULL WHERE {nameof(Delivery.Id)} = $id",
                    cancellationToken, ("$id", id));
                break;
            case OutcomeKind.Retry:
                await DispatchSql.ExecuteAsync(db,
                    $"UPDATE Deliveries SET {nameof(Delivery.ClaimedAt)} = NULL, {nameof(Delivery.NextAttemptAt)} = $at, " +
                    $"{nameof(Delivery.ErrorCode)} = $code, {nameof(Delivery.ErrorReason)} = $reason, {nameof(Delivery.UpdatedAt)} = $now " +
                    $"WHERE {nameof(Delivery.Id)} = $id AND {nameof(Delivery.Status)} = '{nameof(DeliveryStatus.Pending)}'",
                    cancellationToken, ("$at", DispatchSql.Millis(outcome.At)), ("$code", Truncate(outcome.ErrorCode, 32)),
                    ("$reason", Truncate(outcome.Reason, DeliveryProgress.MaxErrorReasonLength)), ("$now", now), ("$id", id));
                break;
            case OutcomeKind.Unknown:
                // Still claimed: only the reconciler may decide whether it was sent.
                await DispatchSql.ExecuteAsync(db,
                    $"UPDATE Deliveries SET {nameof(Delivery.NextAttemptAt)} = $at, {nameof(Delivery.ErrorReason)} = $reason, " +
                    $"{nameof(Delivery.UpdatedAt)} = $now WHERE {nameof(Delivery.Id)} = $id AND {nameof(Delivery.ClaimedAt)} IS NOT NULL",
                    cancellationToken, ("$at", DispatchSql.Millis(outcome.At)),
                    ("$reason", Truncate(outcome.Reason, DeliveryProgress.MaxErrorReasonLength)), ("$now", now), ("$id", id));
                break;
            case OutcomeKind.Released:
                await DispatchSql.ExecuteAsync(db,
                    $"UPDATE Deliveries SET {nameof(Delivery.ClaimedAt)} = NULL, " +
                    $"{nameof(Delivery.AttemptCount)} = MAX({nameof(Delivery.AttemptCount)} - 1, 0) WHERE {nameof(Delivery.Id)} = $id",
                    cancellationToken, ("$id", id));
                break;
        }
    }

    private static string? Truncate(string? text, int length) => text is { Length: var l } && l > length ? text[..length] : text;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} send outcomes failed; trying again")]
    private static partial void LogWriteRetried(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} send outcomes failed; the deliveries stay claimed and will be reconciled")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);

    private sealed record PendingOutcome(DeliveryOutcome Outcome, TaskCompletionSource Done);
}
