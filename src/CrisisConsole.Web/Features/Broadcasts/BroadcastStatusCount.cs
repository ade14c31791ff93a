using System.Data.Common;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;

namespace CrisisConsole.Web.Features.Broadcasts;

/// <summary>
/// How many deliveries of a broadcast are in each (channel, status). Kept exact in the same
/// transactions that change deliveries, so dashboards and the API read a handful of rows instead of
/// counting 100,000.
/// </summary>
public sealed class BroadcastStatusCount
{
    public int BroadcastId { get; set; }
    public MessageChannel Channel { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Count { get; set; }
}

internal sealed class BroadcastStatusCountConfiguration : IEntityTypeConfiguration<BroadcastStatusCount>
{
    public void Configure(EntityTypeBuilder<BroadcastStatusCount> entity)
    {
        entity.ToTable("BroadcastStatusCounts");
        entity.HasKey(c => new { c.BroadcastId, c.Channel, c.Status });
        entity.HasOne<Broadcast>().WithMany().HasForeignKey(c => c.BroadcastId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The only writers of <see cref="BroadcastStatusCount"/>; call them inside the delivery-changing transaction.</summary>
public static class BroadcastStatusCounts
{
    /// <summary>Recounts one broadcast from its deliveries (after approval writes the rows).</summary>
    public static async Task RebuildAsync(AppDbContext db, int broadcastId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM BroadcastStatusCounts WHERE BroadcastId = {broadcastId}", cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO BroadcastStatusCounts (BroadcastId, Channel, Status, Count)
            SELECT BroadcastId, Channel, Status, COUNT(*) FROM Deliveries WHERE BroadcastId = {broadcastId}
            GROUP BY Channel, Status
            """, cancellationToken);
    }

    /// <summary>Moves one delivery from one status to another (or adds one, with <paramref name="from"/> null).</summary>
    /// <remarks>
    /// On the status hot path (every webhook that moves a delivery), so inside a transaction it is one
    /// plain command of two statements on the context's connection, not EF's raw-SQL pipeline.
    /// </remarks>
    public static async Task MoveAsync(AppDbContext db, int broadcastId, MessageChannel channel, DeliveryStatus? from, DeliveryStatus to, CancellationToken cancellationToken)
    {
        if (from == to)
        {
            return;
        }

        if (db.Database.CurrentTransaction?.GetDbTransaction() is not { } transaction)
        {
            await MoveWithoutTransactionAsync(db, broadcastId, channel, from, to, cancellationToken);
            return;
        }

        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = (from is null ? "" : DecrementSql) + IncrementSql;
        Add(command, "$broadcast", broadcastId);
        Add(command, "$channel", channel.ToString());
        Add(command, "$to", to.ToString());
        if (from is { } previous)
        {
            Add(command, "$from", previous.ToString());
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string DecrementSql =
        "UPDATE BroadcastStatusCounts SET Count = Count - 1 WHERE BroadcastId = $broadcast AND Channel = $channel AND Status = $from;";

    private const string IncrementSql =
        "INSERT INTO BroadcastStatusCounts (BroadcastId, Channel, Status, Count) VALUES ($broadcast, $channel, $to, 1) " +
        "ON CONFLICT (BroadcastId, Channel, Status) DO UPDATE SET Count = Count + 1;";

    private static async Task MoveWithoutTransactionAsync(AppDbContext db, int broadcastId, MessageChannel channel, DeliveryStatus? from, DeliveryStatus to,
        CancellationToken cancellationToken)
    {
        // Both statements commit together even when the caller opened no transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await MoveAsync(db, broadcastId, channel, from, to, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
