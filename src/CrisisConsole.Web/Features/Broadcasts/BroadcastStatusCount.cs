using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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
    public static async Task MoveAsync(AppDbContext db, int broadcastId, MessageChannel channel, DeliveryStatus? from, DeliveryStatus to, CancellationToken cancellationToken)
    {
        var channelName = channel.ToString();
        if (from is { } previous)
        {
            var fromName = previous.ToString();
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE BroadcastStatusCounts SET Count = Count - 1 WHERE BroadcastId = {broadcastId} AND Channel = {channelName} AND Status = {fromName}",
                cancellationToken);
        }

        var toName = to.ToString();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO BroadcastStatusCounts (BroadcastId, Channel, Status, Count) VALUES ({broadcastId}, {channelName}, {toName}, 1)
            ON CONFLICT (BroadcastId, Channel, Status) DO UPDATE SET Count = Count + 1
            """, cancellationToken);
    }
}
