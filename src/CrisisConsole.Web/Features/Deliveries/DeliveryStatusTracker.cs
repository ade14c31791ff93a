using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Webhooks;
using System.Linq.Expressions;
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
/// Callbacks can beat the send response: such an event is stored with no delivery and applied when
/// <see cref="AttachProviderIdAsync"/> stores the id. That is race-free because SQLite write
/// transactions (BEGIN IMMEDIATE) run one at a time: either the event is stored first and found by the
/// attach, or the id is stored first and found by the callback.
/// </remarks>
public sealed partial class DeliveryStatusTracker(
    IDbContextFactory<AppDbContext> contexts,
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
        var snapshot = await SnapshotAsync(db, d => d.Id == deliveryId, cancellationToken);
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
        var stored = await db.Set<DeliveryStatusEvent>().AsNoTracking()
            .Where(e => e.ProviderMessageId == providerMessageId && e.Status != null)
            .Select(e => new { e.Status, e.OccurredAt, e.ReceivedAt, e.ErrorCode, e.ErrorReason })
            .ToListAsync(cancellationToken);
        foreach (var early in stored)
        {
            progress = progress.Apply(early.Status!.Value, early.OccurredAt ?? early.ReceivedAt, early.ErrorCode, early.ErrorReason);
        }

        await WriteAsync(db, snapshot, progress, providerMessageId, now, cancellationToken);
        if (stored.Count > 0)
        {
            await db.Set<DeliveryStatusEvent>()
                .Where(e => e.ProviderMessageId == providerMessageId && e.DeliveryId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.DeliveryId, deliveryId), cancellationToken);
        }

        return AttachOutcome.Attached;
    }

    /// <summary>Records a send the provider refused for good (kept below delivered, like any failure).</summary>
    public async Task<bool> MarkFailedAsync(long deliveryId, string? errorCode, string reason, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var found = await MarkFailedAsync(db, deliveryId, errorCode, reason, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return found;
    }

    public async Task<bool> MarkFailedAsync(AppDbContext db, long deliveryId, string? errorCode, string reason, CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(db, d => d.Id == deliveryId, cancellationToken);
        if (snapshot is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        await WriteAsync(db, snapshot, snapshot.Progress.Apply(DeliveryStatus.Failed, now, errorCode, reason), snapshot.ProviderMessageId, now, cancellationToken);
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
    /// Stores one status webhook event on <paramref name="db"/> (in the caller's transaction) and applies
    /// it to its delivery, found by provider id or else by our correlation id.
    /// </summary>
    internal async Task<StatusEventOutcome> ApplyAsync(AppDbContext db, StatusEvent statusEvent, GatewayWebhookEvent source,
        DateTimeOffset receivedAt, HashSet<string> seenInBatch, CancellationToken cancellationToken)
    {
        var providerId = statusEvent.ProviderMessageId;
        var dedupeKey = statusEvent.DedupeKey;
        if (!seenInBatch.Add(providerId + "\n" + dedupeKey) ||
            await db.Set<DeliveryStatusEvent>().AnyAsync(e => e.ProviderMessageId == providerId && e.DedupeKey == dedupeKey, cancellationToken))
        {
            return StatusEventOutcome.Duplicate;
        }

        var row = new DeliveryStatusEvent
        {
            Provider = statusEvent.Provider,
            ProviderMessageId = providerId,
            DedupeKey = dedupeKey,
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
            WebhookEvent = source,
        };
        db.Add(row);
        if (statusEvent.Status is not { } incoming)
        {
            return StatusEventOutcome.Unrecognised;
        }

        var snapshot = await FindTargetAsync(db, statusEvent, cancellationToken);
        if (snapshot is null)
        {
            return StatusEventOutcome.Pending;
        }

        row.DeliveryId = snapshot.Id;
        var progress = snapshot.Progress.Apply(incoming, statusEvent.OccurredAt ?? receivedAt, statusEvent.ErrorCode, row.ErrorReason);
        var advanced = await WriteAsync(db, snapshot, progress, providerId, receivedAt, cancellationToken);
        return advanced ? StatusEventOutcome.Advanced : StatusEventOutcome.NoChange;
    }

    private static async Task<DeliverySnapshot?> FindTargetAsync(AppDbContext db, StatusEvent statusEvent, CancellationToken cancellationToken)
    {
        var providerId = statusEvent.ProviderMessageId;
        var snapshot = await SnapshotAsync(db, d => d.ProviderMessageId == providerId, cancellationToken);
        if (snapshot is not null || !long.TryParse(statusEvent.CorrelationId, out var deliveryId))
        {
            return snapshot;
        }

        // The send response is not stored yet, but the callback names our delivery (signed, so trusted).
        var isMeta = statusEvent.Provider == GatewayProvider.MetaWhatsApp;
        return await SnapshotAsync(db, d => d.Id == deliveryId && d.ProviderMessageId == null &&
            (d.Provider == GatewayProvider.MetaWhatsApp) == isMeta, cancellationToken);
    }

    /// <summary>Writes <paramref name="progress"/> if anything changed; tells observers when the status rose. Returns whether it rose.</summary>
    private async Task<bool> WriteAsync(AppDbContext db, DeliverySnapshot snapshot, DeliveryProgress progress, string? providerMessageId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (progress == snapshot.Progress && providerMessageId == snapshot.ProviderMessageId)
        {
            return false;
        }

        await db.Set<Delivery>().Where(d => d.Id == snapshot.Id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.ProviderMessageId, providerMessageId)
            .SetProperty(d => d.Status, progress.Status)
            .SetProperty(d => d.StatusRank, DeliveryStatusRank.Of(progress.Status))
            .SetProperty(d => d.SentAt, progress.SentAt)
            .SetProperty(d => d.DeliveredAt, progress.DeliveredAt)
            .SetProperty(d => d.ReadAt, progress.ReadAt)
            .SetProperty(d => d.FailedAt, progress.FailedAt)
            .SetProperty(d => d.ErrorCode, progress.ErrorCode)
            .SetProperty(d => d.ErrorReason, progress.ErrorReason)
            .SetProperty(d => d.UpdatedAt, now), cancellationToken);

        if (progress.Status == snapshot.Progress.Status)
        {
            return false;
        }

        var change = new DeliveryStatusChange(snapshot.Id, snapshot.Progress.Status, progress.Status, now);
        foreach (var observer in observers)
        {
            await observer.OnStatusChangedAsync(db, change, cancellationToken);
        }

        LogAdvanced(logger, snapshot.Id, change.From, change.To);
        return true;
    }

    private static Task<DeliverySnapshot?> SnapshotAsync(AppDbContext db, Expression<Func<Delivery, bool>> predicate, CancellationToken cancellationToken) =>
        db.Set<Delivery>().AsNoTracking().Where(predicate)
            .Select(d => new DeliverySnapshot(d.Id, d.ProviderMessageId,
                new DeliveryProgress(d.Status, d.SentAt, d.DeliveredAt, d.ReadAt, d.FailedAt, d.ErrorCode, d.ErrorReason)))
            .FirstOrDefaultAsync(cancellationToken);

    private sealed record DeliverySnapshot(long Id, string? ProviderMessageId, DeliveryProgress Progress);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery {DeliveryId} moved from {From} to {To}")]
    private static partial void LogAdvanced(ILogger logger, long deliveryId, DeliveryStatus from, DeliveryStatus to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId}: the provider message id is already held by another delivery; not attached")]
    private static partial void LogProviderIdInUse(ILogger logger, long deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} was sent again; its provider message id is replaced")]
    private static partial void LogProviderIdReplaced(ILogger logger, long deliveryId);
}
