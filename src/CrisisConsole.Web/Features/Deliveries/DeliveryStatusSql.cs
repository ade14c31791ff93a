using System.Data.Common;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CrisisConsole.Web.Features.Deliveries;

/// <summary>
/// The statements of the status hot path, run as plain commands on the context's connection inside
/// its transaction: thousands of webhooks a second go through here, and EF's query pipeline and change
/// tracking would cost several times what SQLite does. Column names come from nameof so a renamed
/// property fails the build; values are stored as EF does (enums as names, times as Unix ms).
/// </summary>
internal sealed class DeliveryStatusSql
{
    private const string SnapshotColumns =
        $"{nameof(Delivery.Id)}, {nameof(Delivery.ProviderMessageId)}, {nameof(Delivery.Status)}, {nameof(Delivery.SentAt)}, " +
        $"{nameof(Delivery.DeliveredAt)}, {nameof(Delivery.ReadAt)}, {nameof(Delivery.FailedAt)}, {nameof(Delivery.ErrorCode)}, {nameof(Delivery.ErrorReason)}, " +
        // Read with the row already fetched, so the counters and live events need no query of their own.
        $"{nameof(Delivery.BroadcastId)}, {nameof(Delivery.Channel)}";

    private readonly DbConnection connection;
    private readonly DbTransaction transaction;

    public DeliveryStatusSql(AppDbContext db)
    {
        transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Delivery status changes must run inside a transaction on the context.");
        connection = db.Database.GetDbConnection();
    }

    public Task<DeliverySnapshot?> FindByIdAsync(long id, CancellationToken cancellationToken) =>
        FindAsync($"SELECT {SnapshotColumns} FROM Deliveries WHERE {nameof(Delivery.Id)} = $id", cancellationToken, ("$id", id));

    public Task<DeliverySnapshot?> FindByProviderIdAsync(string providerMessageId, CancellationToken cancellationToken) =>
        FindAsync($"SELECT {SnapshotColumns} FROM Deliveries WHERE {nameof(Delivery.ProviderMessageId)} = $pid", cancellationToken, ("$pid", providerMessageId));

    /// <summary>A delivery with no provider id yet, on the same provider family as the event.</summary>
    public Task<DeliverySnapshot?> FindUnattachedAsync(long id, bool meta, CancellationToken cancellationToken) => FindAsync(
        $"SELECT {SnapshotColumns} FROM Deliveries WHERE {nameof(Delivery.Id)} = $id AND {nameof(Delivery.ProviderMessageId)} IS NULL " +
        $"AND ({nameof(Delivery.Provider)} = $meta) = $isMeta",
        cancellationToken, ("$id", id), ("$meta", nameof(GatewayProvider.MetaWhatsApp)), ("$isMeta", meta ? 1L : 0L));

    /// <summary>Stores the event unless its (provider id, dedupe key) is already stored; returns whether it was new.</summary>
    public async Task<bool> InsertEventAsync(DeliveryStatusEvent row, CancellationToken cancellationToken)
    {
        await using var command = Command(
            $"INSERT INTO DeliveryStatusEvents ({nameof(DeliveryStatusEvent.Provider)}, {nameof(DeliveryStatusEvent.ProviderMessageId)}, " +
            $"{nameof(DeliveryStatusEvent.DedupeKey)}, {nameof(DeliveryStatusEvent.RawStatus)}, {nameof(DeliveryStatusEvent.Status)}, " +
            $"{nameof(DeliveryStatusEvent.ErrorCode)}, {nameof(DeliveryStatusEvent.ErrorReason)}, {nameof(DeliveryStatusEvent.EventType)}, " +
            $"{nameof(DeliveryStatusEvent.CorrelationId)}, {nameof(DeliveryStatusEvent.OccurredAt)}, {nameof(DeliveryStatusEvent.ReceivedAt)}, " +
            $"{nameof(DeliveryStatusEvent.DeliveryId)}, {nameof(DeliveryStatusEvent.WebhookEventId)}) " +
            "VALUES ($provider, $pid, $key, $raw, $status, $code, $reason, $type, $correlation, $occurred, $received, $delivery, $webhook) " +
            $"ON CONFLICT ({nameof(DeliveryStatusEvent.ProviderMessageId)}, {nameof(DeliveryStatusEvent.DedupeKey)}) DO NOTHING",
            ("$provider", row.Provider.ToString()), ("$pid", row.ProviderMessageId), ("$key", row.DedupeKey), ("$raw", row.RawStatus),
            ("$status", row.Status?.ToString()), ("$code", row.ErrorCode), ("$reason", row.ErrorReason), ("$type", row.EventType),
            ("$correlation", row.CorrelationId), ("$occurred", row.OccurredAt?.ToUnixTimeMilliseconds()),
            ("$received", row.ReceivedAt.ToUnixTimeMilliseconds()), ("$delivery", row.DeliveryId), ("$webhook", row.WebhookEventId));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task UpdateAsync(long id, string? providerMessageId, DeliveryProgress progress, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(
            $"UPDATE Deliveries SET {nameof(Delivery.ProviderMessageId)} = $pid, {nameof(Delivery.Status)} = $status, " +
            $"{nameof(Delivery.StatusRank)} = $rank, {nameof(Delivery.SentAt)} = $sent, {nameof(Delivery.DeliveredAt)} = $delivered, " +
            $"{nameof(Delivery.ReadAt)} = $read, {nameof(Delivery.FailedAt)} = $failed, {nameof(Delivery.ErrorCode)} = $code, " +
            $"{nameof(Delivery.ErrorReason)} = $reason, {nameof(Delivery.UpdatedAt)} = $now WHERE {nameof(Delivery.Id)} = $id",
            ("$pid", providerMessageId), ("$status", progress.Status.ToString()), ("$rank", (long)DeliveryStatusRank.Of(progress.Status)),
            ("$sent", progress.SentAt?.ToUnixTimeMilliseconds()), ("$delivered", progress.DeliveredAt?.ToUnixTimeMilliseconds()),
            ("$read", progress.ReadAt?.ToUnixTimeMilliseconds()), ("$failed", progress.FailedAt?.ToUnixTimeMilliseconds()),
            ("$code", progress.ErrorCode), ("$reason", progress.ErrorReason), ("$now", now.ToUnixTimeMilliseconds()), ("$id", id));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<DeliverySnapshot?> FindAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new DeliverySnapshot(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            new DeliveryProgress(
                Enum.Parse<DeliveryStatus>(reader.GetString(2)),
                Time(reader, 3),
                Time(reader, 4),
                Time(reader, 5),
                Time(reader, 6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)),
            reader.IsDBNull(9) ? null : reader.GetInt32(9),
            Enum.Parse<MessageChannel>(reader.GetString(10)));
    }

    private static DateTimeOffset? Time(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}

/// <summary>The status-bearing columns of one delivery, as read inside a write transaction.</summary>
internal sealed record DeliverySnapshot(long Id, string? ProviderMessageId, DeliveryProgress Progress, int? BroadcastId, MessageChannel Channel);
