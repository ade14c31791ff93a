using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Deliveries;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>
/// Re-sends WhatsApp by SMS under the WhatsAppThenSms policy: when WhatsApp fails for good (at send time
/// or later by webhook: 63016/131047 window closed, 131026 not on WhatsApp...), and when it is not
/// delivered within the broadcast's fallback time. A fallback is a new Pending SMS delivery pointing to
/// the WhatsApp one (<see cref="Delivery.FallbackForDeliveryId"/>), at most one per WhatsApp delivery,
/// written in the same transaction as the change that caused it.
/// </summary>
/// <remarks>
/// It also keeps <see cref="Delivery.NextAttemptAt"/> honest for accepted WhatsApp messages, where it
/// holds the fallback timer: cleared once delivered or failed, so a broadcast completes as soon as
/// nothing is left to wait for. Rows still claimed (an unknown outcome being reconciled) keep it, because
/// the reconciler schedules itself with it.
/// </remarks>
public sealed partial class SmsFallbackScheduler(TimeProvider time, ILogger<SmsFallbackScheduler> logger) : IDeliveryStatusObserver
{
    private static readonly string WhatsAppProviders = $"'{nameof(GatewayProvider.TwilioWhatsApp)}', '{nameof(GatewayProvider.MetaWhatsApp)}'";

    // Every status but Pending, listed so the sweep seeks IX_Deliveries_Dispatch instead of scanning it.
    private static readonly string SentStatuses = string.Join(", ",
        Enum.GetValues<DeliveryStatus>().Where(s => s != DeliveryStatus.Pending).Select(s => $"'{s}'"));

    internal static readonly string DueTimersSql =
        $"SELECT {nameof(Delivery.Id)}, {nameof(Delivery.StatusRank)} FROM Deliveries " +
        $"WHERE {nameof(Delivery.BroadcastId)} = $b AND {nameof(Delivery.Provider)} IN ({WhatsAppProviders}) " +
        $"AND {nameof(Delivery.Status)} IN ({SentStatuses}) AND {nameof(Delivery.NextAttemptAt)} <= $now " +
        $"AND {nameof(Delivery.ClaimedAt)} IS NULL LIMIT $limit";

    public async Task OnStatusChangedAsync(AppDbContext db, DeliveryStatusChange change, CancellationToken cancellationToken)
    {
        if (DeliveryStatusRank.IsFailure(change.To))
        {
            var row = await ReadAsync(db, change.DeliveryId, cancellationToken);
            if (row is null)
            {
                return;
            }

            if (GatewayProviders.ChannelOf(row.Provider) == MessageChannel.WhatsApp)
            {
                await TryScheduleAsync(db, row, FallbackCause.Failure, change.At, cancellationToken);
            }

            await ClearTimerAsync(db, change.DeliveryId, cancellationToken);
        }
        else if (DeliveryStatusRank.Of(change.To) >= DeliveryStatusRank.Of(DeliveryStatus.Delivered))
        {
            await ClearTimerAsync(db, change.DeliveryId, cancellationToken);
        }
    }

    /// <summary>
    /// For a failed WhatsApp delivery (e.g. found failed when reconciling): adds its SMS fallback if the
    /// policy and the error allow it and it has none yet. Call inside a write transaction.
    /// </summary>
    internal async Task<bool> ScheduleForFailureAsync(AppDbContext db, long deliveryId, CancellationToken cancellationToken)
    {
        var row = await ReadAsync(db, deliveryId, cancellationToken);
        return row is not null && await TryScheduleAsync(db, row, FallbackCause.Failure, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>
    /// The periodic sweep of one broadcast: WhatsApp messages whose fallback timer ran out are re-sent by
    /// SMS unless delivered meanwhile, and their timers cleared. Call inside a write transaction. Returns
    /// the number of SMS fallbacks added.
    /// </summary>
    internal async Task<int> SweepAsync(AppDbContext db, int broadcastId, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await DueTimersAsync(db, broadcastId, limit, cancellationToken);

        var added = 0;
        foreach (var (id, rank) in due)
        {
            if (rank < DeliveryStatusRank.Of(DeliveryStatus.Delivered))
            {
                var row = await ReadAsync(db, id, cancellationToken);
                // Failed and undelivered share a rank; a failure missed by the observer still obeys the error rules.
                var cause = rank == DeliveryStatusRank.Of(DeliveryStatus.Failed) ? FallbackCause.Failure : FallbackCause.NotDeliveredInTime;
                if (row is not null && await TryScheduleAsync(db, row, cause, now, cancellationToken))
                {
                    added++;
                }
            }

            await ClearTimerAsync(db, id, cancellationToken);
        }

        return added;
    }

    /// <summary>
    /// WhatsApp deliveries of the broadcast whose fallback timer has run out (read-only; cheap: index seeks
    /// per provider and status), with their status rank.
    /// </summary>
    internal async Task<List<(long Id, int Rank)>> DueTimersAsync(AppDbContext db, int broadcastId, int limit, CancellationToken cancellationToken)
    {
        var due = new List<(long Id, int Rank)>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = DispatchSql.Command(db, DueTimersSql,
            ("$b", broadcastId), ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("$limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add((reader.GetInt64(0), reader.GetInt32(1)));
        }

        return due;
    }

    private async Task<bool> TryScheduleAsync(AppDbContext db, FallbackSource row, FallbackCause cause, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (row.BroadcastId is not { } broadcastId || row.HasFallback || row.Policy != ChannelPolicy.WhatsAppThenSms ||
            row.State is not (BroadcastState.Approved or BroadcastState.Sending or BroadcastState.Paused) ||
            GatewayProviders.ChannelOf(row.Provider) != MessageChannel.WhatsApp ||
            (cause == FallbackCause.Failure && !DispatchErrorCodes.AllowsSmsFallback(row.Provider, row.ErrorCode)))
        {
            return false;
        }

        var inserted = await DispatchSql.ExecuteAsync(db,
            $"INSERT INTO Deliveries ({nameof(Delivery.BroadcastId)}, {nameof(Delivery.ContactId)}, {nameof(Delivery.Channel)}, " +
            $"{nameof(Delivery.Provider)}, {nameof(Delivery.ToAddress)}, {nameof(Delivery.Status)}, {nameof(Delivery.StatusRank)}, " +
            $"{nameof(Delivery.CreatedAt)}, {nameof(Delivery.UpdatedAt)}, {nameof(Delivery.FallbackForDeliveryId)}, {nameof(Delivery.Language)}, " +
            $"{nameof(Delivery.NextAttemptAt)}, {nameof(Delivery.AttemptCount)}) " +
            "SELECT $b, $contact, $channel, $provider, $to, $status, 0, $now, $now, $id, $language, $now, 0 " +
            $"WHERE NOT EXISTS (SELECT 1 FROM Deliveries WHERE {nameof(Delivery.FallbackForDeliveryId)} = $id)",
            cancellationToken,
            ("$b", broadcastId), ("$contact", row.ContactId), ("$channel", nameof(MessageChannel.Sms)),
            ("$provider", nameof(GatewayProvider.TwilioSms)), ("$to", row.ToAddress), ("$status", nameof(DeliveryStatus.Pending)),
            ("$now", now.ToUnixTimeMilliseconds()), ("$id", row.Id), ("$language", row.Language));
        if (inserted == 0)
        {
            return false;
        }

        await BroadcastStatusCounts.MoveAsync(db, broadcastId, MessageChannel.Sms, null, DeliveryStatus.Pending, cancellationToken);
        LogFallbackScheduled(logger, row.Id, broadcastId, cause);
        return true;
    }

    private static Task ClearTimerAsync(AppDbContext db, long deliveryId, CancellationToken cancellationToken) =>
        DispatchSql.ExecuteAsync(db,
            $"UPDATE Deliveries SET {nameof(Delivery.NextAttemptAt)} = NULL WHERE {nameof(Delivery.Id)} = $id " +
            $"AND {nameof(Delivery.ClaimedAt)} IS NULL AND {nameof(Delivery.NextAttemptAt)} IS NOT NULL " +
            $"AND {nameof(Delivery.Status)} <> '{nameof(DeliveryStatus.Pending)}'",
            cancellationToken, ("$id", deliveryId));

    private static async Task<FallbackSource?> ReadAsync(AppDbContext db, long deliveryId, CancellationToken cancellationToken)
    {
        await using var command = DispatchSql.Command(db,
            $"SELECT d.{nameof(Delivery.Id)}, d.{nameof(Delivery.BroadcastId)}, d.{nameof(Delivery.ContactId)}, d.{nameof(Delivery.Provider)}, " +
            $"d.{nameof(Delivery.ToAddress)}, d.{nameof(Delivery.Language)}, d.{nameof(Delivery.ErrorCode)}, " +
            $"b.{nameof(Broadcast.ChannelPolicy)}, b.{nameof(Broadcast.State)}, " +
            $"EXISTS (SELECT 1 FROM Deliveries f WHERE f.{nameof(Delivery.FallbackForDeliveryId)} = d.{nameof(Delivery.Id)}) " +
            $"FROM Deliveries d LEFT JOIN Broadcasts b ON b.{nameof(Broadcast.Id)} = d.{nameof(Delivery.BroadcastId)} WHERE d.{nameof(Delivery.Id)} = $id",
            ("$id", deliveryId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new FallbackSource(
            reader.GetInt64(0),
            DispatchSql.Int(reader, 1),
            DispatchSql.Int(reader, 2),
            Enum.Parse<GatewayProvider>(reader.GetString(3)),
            reader.GetString(4),
            DispatchSql.String(reader, 5),
            DispatchSql.String(reader, 6),
            reader.IsDBNull(7) ? null : Enum.Parse<ChannelPolicy>(reader.GetString(7)),
            reader.IsDBNull(8) ? null : Enum.Parse<BroadcastState>(reader.GetString(8)),
            reader.GetInt64(9) != 0);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} of broadcast {BroadcastId} falls back to SMS ({Cause})")]
    private static partial void LogFallbackScheduled(ILogger logger, long deliveryId, int broadcastId, FallbackCause cause);

    private sealed record FallbackSource(long Id, int? BroadcastId, int? ContactId, GatewayProvider Provider, string ToAddress, string? Language,
        string? ErrorCode, ChannelPolicy? Policy, BroadcastState? State, bool HasFallback);
}

public enum FallbackCause
{
    Failure,
    NotDeliveredInTime,
}
