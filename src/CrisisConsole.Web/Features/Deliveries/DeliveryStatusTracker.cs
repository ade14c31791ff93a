using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Live;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Deliveries;

public enum StatusEventOutcome
{
    /// <summary>The delivery moved to a higher status.</summary>
    Advanced,

    /// <summary>Matched a delivery but changed at most a milestone time (late or lower-ranked report).</summary>
    NoChange,

    /// <summary>Already received; nothing changed.</summary>
    Duplicate,

    /// <summary>No delivery carries this provider id yet; kept and applied when the id is attached.</summary>
    Pending,

    /// <summary>A provider word that is not delivery progress; kept for audit only.</summary>
    Unrecognised,
}

public enum AttachOutcome
{
    Attached,
    DeliveryNotFound,

    /// <summary>Another delivery already holds this provider id; nothing changed.</summary>
    ProviderIdInUse,
}

/// <summary>
/// Moves deliveries through their statuses, from send results and from status webhooks, and only
/// upwards (<see cref="DeliveryStatusRank"/>). Each public method is one short write transaction.
/// </summary>
/// <remarks>
/// Every rise is told to the <see cref="IDeliveryStatusObserver"/>s inside the transaction, and published
/// as <see cref="DeliveryStatusChanged"/> on the live hub once that transaction commits (whoever owns it).
/// Callbacks can beat the send response: such an event is stored with no delivery and applied when
/// <see cref="AttachProviderIdAsync"/> stores the id. That is race-free because SQLite write
/// transactions (BEGIN IMMEDIATE) run one at a time: either the event is stored first and found by the
/// attach, or the id is stored first and found by the callback.
/// </remarks>
public sealed partial class DeliveryStatusTracker(
    IDbContextFactory<AppDbContext> contexts,
    DeliveryWriteGate writeGate,
    TimeProvider time,
    IEnumerable<IDeliveryStatusObserver> observers,
    ILogger<DeliveryStatusTracker> logger)
{
    private readonly IDeliveryStatusObserver[] observers = observers.ToArray();

    /// <summary>
    /// Records what the provider accepted: stores its message id on the delivery, moves it to the
    /// initial status (Queued or Accepted) and applies any callbacks that arrived before.
    /// </summary>
    public async Task<AttachOutcome> AttachProviderIdAsync(long deliveryId, string providerMessageId, DeliveryStatus initialStatus,
        CancellationToken cancellationToken)
    {
        using var turn = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcome = await AttachProviderIdAsync(db, deliveryId, providerMessageId, initialStatus, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    /// <summary>As above, inside the caller's transaction on <paramref name="db"/> (so the caller can write its own columns with it).</summary>
    public async Task<AttachOutcome> AttachProviderIdAsync(AppDbContext db, long deliveryId, string providerMessageId, DeliveryStatus initialStatus,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerMessageId);
        var sql = new DeliveryStatusSql(db);
        var snapshot = await sql.FindByIdAsync(deliveryId, cancellationToken);
        if (snapshot is null)
        {
            return AttachOutcome.DeliveryNotFound;
        }

        if (await db.Set<Delivery>().AnyAsync(d => d.ProviderMessageId == providerMessageId && d.Id != deliveryId, cancellationToken))
        {
            LogProviderIdInUse(logger, deliveryId);
            return AttachOutcome.ProviderIdInUse;
        }

        if (snapshot.ProviderMessageId is not null && snapshot.ProviderMessageId != providerMessageId)
        {
            // A resend after an unknown outcome: the latest accepted message is the one we follow.
            LogProviderIdReplaced(logger, deliveryId);
        }

        var now = time.GetUtcNow();
        var progress = snapshot.Progress.Apply(initialStatus, now);
        var early = await db.Set<DeliveryStatusEvent>().AsNoTracking()
            .Where(e => e.ProviderMessageId == providerMessageId && e.Status != null)
            .Select(e => new { e.Status, e.OccurredAt, e.ReceivedAt, e.ErrorCode, e.ErrorReason })
            .ToListAsync(cancellationToken);
        foreach (var report in early)
        {
            progress = progress.Apply(report.Status!.Value, report.OccurredAt ?? report.ReceivedAt, report.ErrorCode, report.ErrorReason);
        }

        await WriteAsync(db, sql, snapshot, progress, providerMessageId, now, cancellationToken);
        if (early.Count > 0)
        {
            await db.Set<DeliveryStatusEvent>()
                .Where(e => e.ProviderMessageId == providerMessageId && e.DeliveryId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.DeliveryId, deliveryId), cancellationToken);
        }

        return AttachOutcome.Attached;
    }

    /// <summary>Records a send the provider refused for good (kept below delivered, like any failure). False for an unknown delivery.</summary>
    public async Task<bool> MarkFailedAsync(long deliveryId, string? errorCode, string reason, CancellationToken cancellationToken)
    {
        using var turn = await writeGate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var found = await MarkFailedAsync(db, deliveryId, errorCode, reason, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return found;
    }

    /// <summary>As above, inside the caller's transaction on <paramref name="db"/>.</summary>
    public async Task<bool> MarkFailedAsync(AppDbContext db, long deliveryId, string? errorCode, string reason, CancellationToken cancellationToken)
    {
        var sql = new DeliveryStatusSql(db);
        var snapshot = await sql.FindByIdAsync(deliveryId, cancellationToken);
        if (snapshot is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var progress = snapshot.Progress.Apply(DeliveryStatus.Failed, now, errorCode, reason);
        await WriteAsync(db, sql, snapshot, progress, snapshot.ProviderMessageId, now, cancellationToken);
        return true;
    }

    /// <summary>
    /// Applies a send result: Accepted attaches the provider id, PermanentFailure marks the delivery
    /// failed. Transient failures and unknown outcomes change no status (scheduling them is the
    /// dispatcher's); returns false for those and for an unknown delivery.
    /// </summary>
    public async Task<bool> RecordSendResultAsync(long deliveryId, SendResult result, CancellationToken cancellationToken) => result switch
    {
        SendResult.Accepted accepted =>
            await AttachProviderIdAsync(deliveryId, accepted.ProviderMessageId, accepted.InitialStatus, cancellationToken) == AttachOutcome.Attached,
        SendResult.PermanentFailure failure => await MarkFailedAsync(deliveryId, failure.ProviderCode, failure.Reason, cancellationToken),
        _ => false,
    };

    /// <summary>
    /// Stores one status webhook event (in the caller's transaction on <paramref name="db"/>) and applies
    /// it to its delivery, found by provider id or else by our correlation id. Call under <see cref="DeliveryWriteGate"/>.
    /// </summary>
    /// <param name="rawRequest">
    /// Stores the raw request and returns its id; called only when the event does not match a delivery or
    /// is not a delivery status (kept with its payload for when the delivery turns up, and for audit).
    /// An event that matched a delivery is kept in full in its DeliveryStatusEvents row; see README, "Webhooks".
    /// </param>
    internal async Task<StatusEventOutcome> ApplyAsync(AppDbContext db, StatusEvent statusEvent, Func<Task<long>> rawRequest,
        DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var sql = new DeliveryStatusSql(db);
        var snapshot = statusEvent.Status is null ? null : await FindTargetAsync(sql, statusEvent, cancellationToken);
        long? webhookEventId = snapshot is null ? await rawRequest() : null;
        var row = new DeliveryStatusEvent
        {
            Provider = statusEvent.Provider,
            ProviderMessageId = statusEvent.ProviderMessageId,
            DedupeKey = statusEvent.DedupeKey,
            RawStatus = statusEvent.RawStatus,
            Status = statusEvent.Status,
            ErrorCode = statusEvent.ErrorCode,
            ErrorReason = statusEvent.ErrorReason is { Length: > DeliveryProgress.MaxErrorReasonLength } reason
                ? reason[..DeliveryProgress.MaxErrorReasonLength]
                : statusEvent.ErrorReason,
            EventType = statusEvent.EventType,
            CorrelationId = statusEvent.CorrelationId,
            OccurredAt = statusEvent.OccurredAt,
            ReceivedAt = receivedAt,
            DeliveryId = snapshot?.Id,
            WebhookEventId = webhookEventId,
        };

        // The unique (provider id, dedupe key) index decides what is a redelivery, durably.
        if (!await sql.InsertEventAsync(row, cancellationToken))
        {
            return StatusEventOutcome.Duplicate;
        }

        if (statusEvent.Status is not { } incoming)
        {
            return StatusEventOutcome.Unrecognised;
        }

        if (snapshot is null)
        {
            return StatusEventOutcome.Pending;
        }

        var progress = snapshot.Progress.Apply(incoming, statusEvent.OccurredAt ?? receivedAt, statusEvent.ErrorCode, row.ErrorReason);
        var advanced = await WriteAsync(db, sql, snapshot, progress, statusEvent.ProviderMessageId, receivedAt, cancellationToken);
        return advanced ? StatusEventOutcome.Advanced : StatusEventOutcome.NoChange;
    }

    private static async Task<DeliverySnapshot?> FindTargetAsync(DeliveryStatusSql sql, StatusEvent statusEvent, CancellationToken cancellationToken)
    {
        var snapshot = await sql.FindByProviderIdAsync(statusEvent.ProviderMessageId, cancellationToken);
        if (snapshot is not null || !long.TryParse(statusEvent.CorrelationId, out var deliveryId))
        {
            return snapshot;
        }

        // The send response is not stored yet, but the callback names our delivery (signed, so trusted).
        return await sql.FindUnattachedAsync(deliveryId, statusEvent.Provider == GatewayProvider.MetaWhatsApp, cancellationToken);
    }

    /// <summary>Writes <paramref name="progress"/> if anything changed; tells observers when the status rose. Returns whether it rose.</summary>
    private async Task<bool> WriteAsync(AppDbContext db, DeliveryStatusSql sql, DeliverySnapshot snapshot, DeliveryProgress progress,
        string? providerMessageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (progress == snapshot.Progress && providerMessageId == snapshot.ProviderMessageId)
        {
            return false;
        }

        await sql.UpdateAsync(snapshot.Id, providerMessageId, progress, now, cancellationToken);
        if (progress.Status == snapshot.Progress.Status)
        {
            return false;
        }

        var change = new DeliveryStatusChange(snapshot.Id, snapshot.Progress.Status, progress.Status, now, snapshot.BroadcastId, snapshot.Channel);
        foreach (var observer in observers)
        {
            await observer.OnStatusChangedAsync(db, change, cancellationToken);
        }

        LogAdvanced(logger, snapshot.Id, change.From, change.To);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery {DeliveryId} moved from {From} to {To}")]
    private static partial void LogAdvanced(ILogger logger, long deliveryId, DeliveryStatus from, DeliveryStatus to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId}: the provider message id is already held by another delivery; not attached")]
    private static partial void LogProviderIdInUse(ILogger logger, long deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} was sent again; its provider message id is replaced")]
    private static partial void LogProviderIdReplaced(ILogger logger, long deliveryId);
}
