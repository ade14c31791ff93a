using System.Collections.Concurrent;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Dispatch;
using CrisisConsole.Web.Features.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// Sends the direct messages the <see cref="DirectMessageOutbox"/> queued (deliveries with no broadcast),
/// through the gateway of their provider, and records each outcome with <see cref="DeliveryStatusTracker"/>.
/// Crash-safe like the messaging service: a row is claimed (ClaimedAt) in a committed transaction before
/// its HTTP call and its outcome is written before the next claim; rows left claimed by a crash are
/// reconciled on start (<see cref="DeliveryReconciler"/>, direct rows only), never blindly re-sent.
/// Transient failures retry with back-off up to Dispatch:MaxAttempts; consent is checked again at the claim.
/// </summary>
public sealed partial class DirectMessageSender(
    IEnumerable<IMessageGateway> gateways,
    IDbContextFactory<AppDbContext> contexts,
    DeliveryWriteGate writeGate,
    DeliveryStatusTracker tracker,
    DeliveryReconciler reconciler,
    LiveEventHub hub,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<DirectMessageSender> logger) : BackgroundService
{
    internal const int BatchSize = 50;
    private const int MaxParallelSends = 8;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(5);

    internal const string ClaimSql =
        $"UPDATE Deliveries SET {nameof(Delivery.ClaimedAt)} = $now, {nameof(Delivery.AttemptCount)} = {nameof(Delivery.AttemptCount)} + 1, " +
        $"{nameof(Delivery.NextAttemptAt)} = $reconcileAt " +
        $"WHERE {nameof(Delivery.Id)} IN (SELECT {nameof(Delivery.Id)} FROM Deliveries " +
        $"WHERE {nameof(Delivery.BroadcastId)} IS NULL AND {nameof(Delivery.Status)} = $pending " +
        $"AND {nameof(Delivery.NextAttemptAt)} <= $now AND {nameof(Delivery.ClaimedAt)} IS NULL " +
        $"ORDER BY {nameof(Delivery.NextAttemptAt)} LIMIT $limit) " +
        $"RETURNING {nameof(Delivery.Id)}, {nameof(Delivery.Provider)}, {nameof(Delivery.ToAddress)}, {nameof(Delivery.AttemptCount)}";

    private readonly ConcurrentDictionary<long, byte> inFlight = new();
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Source of jitter in [0, 1); replaceable in tests.</summary>
    internal Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var subscription = hub.Subscribe<DirectMessageQueued>(_ => Wake());
        var byProvider = gateways.GroupBy(g => g.Provider).ToDictionary(g => g.Key, g => g.First());
        var nextReconcile = DateTimeOffset.MinValue;
        var startedUp = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                if (!startedUp)
                {
                    // Before any claim of this run, so every claimed direct row is a previous run's.
                    await reconciler.ReconcileAsync(everything: true, _ => false, stoppingToken, direct: true);
                    startedUp = true;
                }

                if (DateTimeOffset.UtcNow >= nextReconcile)
                {
                    nextReconcile = DateTimeOffset.UtcNow + ReconcileInterval;
                    await reconciler.ReconcileAsync(everything: false, inFlight.ContainsKey, stoppingToken, direct: true);
                }

                more = await SendDueAsync(byProvider, stoppingToken) == BatchSize;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(logger, exception);
            }

            if (!more)
            {
                try
                {
                    await wake.WaitAsync(IdlePoll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Claims due direct messages and sends them; returns how many were claimed.</summary>
    internal async Task<int> SendDueAsync(IReadOnlyDictionary<GatewayProvider, IMessageGateway> byProvider, CancellationToken cancellationToken)
    {
        var work = await ClaimAsync(cancellationToken);
        if (work.Claimed == 0)
        {
            return 0;
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelSends, CancellationToken = CancellationToken.None };
        await Parallel.ForEachAsync(work.Sendable, parallel, async (item, unused) =>
        {
            inFlight.TryAdd(item.DeliveryId, 0);
            try
            {
                await SendOneAsync(item, byProvider.GetValueOrDefault(item.Provider), cancellationToken);
            }
            finally
            {
                inFlight.TryRemove(item.DeliveryId, out _);
            }
        });
        return work.Claimed;
    }

    private async Task SendOneAsync(ClaimedDirect item, IMessageGateway? gateway, CancellationToken cancellationToken)
    {
        SendResult result;
        if (gateway is null)
        {
            result = new SendResult.PermanentFailure(DispatchErrorCodes.NoGateway, $"Not sent: no gateway is registered for {item.Provider}.",
                PermanentFailureKind.AccountProblem);
        }
        else
        {
            try
            {
                result = await gateway.SendAsync(item.Message, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The call may have gone out: leave the row claimed for the reconciler.
                return;
            }
            catch (Exception exception)
            {
                // Gateways do not throw for provider trouble; anything else leaves the row claimed, to be reconciled.
                LogSendCrashed(logger, item.DeliveryId, exception);
                return;
            }
        }

        try
        {
            await WriteOutcomeAsync(item, result, CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogOutcomeNotWritten(logger, item.DeliveryId, exception);
        }
    }

    private async Task<ClaimResult> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        var claimed = new List<(long Id, GatewayProvider Provider, string To, int Attempt)>();
        var sendable = new List<ClaimedDirect>();
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await using (var command = DispatchSql.Command(db, ClaimSql,
                ("$now", now.ToUnixTimeMilliseconds()), ("$reconcileAt", (now + settings.ReconcileDelay).ToUnixTimeMilliseconds()),
                ("$pending", nameof(DeliveryStatus.Pending)), ("$limit", BatchSize)))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    claimed.Add((reader.GetInt64(0), Enum.Parse<GatewayProvider>(reader.GetString(1)), reader.GetString(2), reader.GetInt32(3)));
                }
            }

            if (claimed.Count == 0)
            {
                return new ClaimResult(0, sendable);
            }

            var ids = claimed.Select(c => c.Id).ToList();
            var messages = await db.Set<DirectMessage>().AsNoTracking().Where(m => ids.Contains(m.DeliveryId)).ToDictionaryAsync(m => m.DeliveryId, cancellationToken);
            var contactIds = messages.Values.Where(m => m.ContactId is not null).Select(m => m.ContactId!.Value).Distinct().ToList();
            var contacts = await db.Set<Contact>().AsNoTracking().Where(c => contactIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
            foreach (var (id, provider, to, attempt) in claimed)
            {
                var direct = messages.GetValueOrDefault(id);
                var contact = direct?.ContactId is { } contactId ? contacts.GetValueOrDefault(contactId) : null;
                string? refusal = direct is null
                    ? "Not sent: the message to send was not found."
                    : direct.Kind != DirectMessageKind.OptOutConfirmation && contact is not null && !ContactMessagingPolicy.CanMessage(contact)
                        ? "Not sent: the person opted out (or was deleted) after the message was queued."
                        : null;
                if (refusal is not null)
                {
                    await tracker.MarkFailedAsync(db, id, DispatchErrorCodes.OptedOut, refusal, cancellationToken);
                    await ClearClaimAsync(db, id, null, cancellationToken);
                    continue;
                }

                var message = DirectMessageContent.Message(to, direct!.Text, DirectMessageContent.FromJson(direct.ContentJson)) with
                {
                    CorrelationId = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                sendable.Add(new ClaimedDirect(id, provider, attempt, message));
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return new ClaimResult(claimed.Count, sendable);
    }

    /// <summary>What the gateway's answer means for the delivery, written in one short transaction.</summary>
    private async Task WriteOutcomeAsync(ClaimedDirect item, SendResult result, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            switch (result)
            {
                case SendResult.Accepted accepted:
                    await tracker.AttachProviderIdAsync(db, item.DeliveryId, accepted.ProviderMessageId, accepted.InitialStatus, cancellationToken);
                    await ClearClaimAsync(db, item.DeliveryId, null, cancellationToken);
                    break;
                case SendResult.PermanentFailure permanent:
                    await tracker.MarkFailedAsync(db, item.DeliveryId, permanent.ProviderCode, permanent.Reason, cancellationToken);
                    await ClearClaimAsync(db, item.DeliveryId, null, cancellationToken);
                    break;
                case SendResult.TransientFailure transient when item.Attempt >= settings.MaxAttempts:
                    await tracker.MarkFailedAsync(db, item.DeliveryId, transient.Code,
                        $"Gave up after {item.Attempt} attempts: {transient.Reason}", cancellationToken);
                    await ClearClaimAsync(db, item.DeliveryId, null, cancellationToken);
                    break;
                case SendResult.TransientFailure transient:
                    var wait = RetrySchedule.DelayFor(item.Attempt, transient.RetryAfter, settings.RetryBaseDelay, settings.RetryMaxDelay, Jitter());
                    await DispatchSql.ExecuteAsync(db,
                        $"UPDATE Deliveries SET {nameof(Delivery.ClaimedAt)} = NULL, {nameof(Delivery.NextAttemptAt)} = $at, " +
                        $"{nameof(Delivery.ErrorCode)} = $code, {nameof(Delivery.ErrorReason)} = $reason, {nameof(Delivery.UpdatedAt)} = $now " +
                        $"WHERE {nameof(Delivery.Id)} = $id AND {nameof(Delivery.Status)} = '{nameof(DeliveryStatus.Pending)}'",
                        cancellationToken, ("$at", (now + wait).ToUnixTimeMilliseconds()), ("$code", Truncate(transient.Code, 32)),
                        ("$reason", Truncate("Will retry: " + transient.Reason, DeliveryProgress.MaxErrorReasonLength)),
                        ("$now", now.ToUnixTimeMilliseconds()), ("$id", item.DeliveryId));
                    break;
                case SendResult.OutcomeUnknown unknown:
                    // Still claimed: only the reconciler may decide whether it went out.
                    await DispatchSql.ExecuteAsync(db,
                        $"UPDATE Deliveries SET {nameof(Delivery.NextAttemptAt)} = $at, {nameof(Delivery.ErrorReason)} = $reason, " +
                        $"{nameof(Delivery.UpdatedAt)} = $now WHERE {nameof(Delivery.Id)} = $id",
                        cancellationToken, ("$at", (now + settings.ReconcileDelay).ToUnixTimeMilliseconds()),
                        ("$reason", Truncate("Outcome unknown, to be reconciled: " + unknown.Reason, DeliveryProgress.MaxErrorReasonLength)),
                        ("$now", now.ToUnixTimeMilliseconds()), ("$id", item.DeliveryId));
                    break;
            }

            await transaction.CommitAsync(cancellationToken);
        }

        LogSent(logger, item.DeliveryId, result.GetType().Name);
    }

    private static Task ClearClaimAsync(AppDbContext db, long id, DateTimeOffset? next, CancellationToken cancellationToken) =>
        DispatchSql.ExecuteAsync(db,
            $"UPDATE Deliveries SET {nameof(Delivery.ClaimedAt)} = NULL, {nameof(Delivery.NextAttemptAt)} = $at WHERE {nameof(Delivery.Id)} = $id",
            cancellationToken, ("$at", DispatchSql.Millis(next)), ("$id", id));

    private static string? Truncate(string? text, int length) => text is { Length: var l } && l > length ? text[..length] : text;

    internal void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    private sealed record ClaimedDirect(long DeliveryId, GatewayProvider Provider, int Attempt, OutboundMessage Message);

    private sealed record ClaimResult(int Claimed, List<ClaimedDirect> Sendable);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Direct delivery {DeliveryId}: {Result}")]
    private static partial void LogSent(ILogger logger, long deliveryId, string result);

    [LoggerMessage(Level = LogLevel.Error, Message = "A pass of the direct-message sender failed; it tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending direct delivery {DeliveryId} failed unexpectedly; it stays claimed and will be reconciled")]
    private static partial void LogSendCrashed(ILogger logger, long deliveryId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outcome of direct delivery {DeliveryId} could not be written; it stays claimed and will be reconciled")]
    private static partial void LogOutcomeNotWritten(ILogger logger, long deliveryId, Exception exception);
}
