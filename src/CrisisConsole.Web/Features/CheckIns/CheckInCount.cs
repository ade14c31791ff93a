using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Broadcasts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.CheckIns;

/// <summary>
/// How many check-ins of a broadcast hold each answer, kept exact in the transaction that records the
/// answer, so dashboards and the API read two rows instead of counting check-ins on every refresh.
/// </summary>
public sealed class CheckInCount
{
    public int BroadcastId { get; set; }
    public CheckInAnswer Answer { get; set; }
    public int Count { get; set; }
}

internal sealed class CheckInCountConfiguration : IEntityTypeConfiguration<CheckInCount>
{
    public void Configure(EntityTypeBuilder<CheckInCount> entity)
    {
        entity.ToTable("CheckInCounts");
        entity.HasKey(c => new { c.BroadcastId, c.Answer });
        entity.HasOne<Broadcast>().WithMany().HasForeignKey(c => c.BroadcastId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The only writer of <see cref="CheckInCount"/>; call it inside the transaction that changes the check-in.</summary>
public static class CheckInCounts
{
    /// <summary>Moves one check-in from one answer to another (or adds one, with <paramref name="from"/> null).</summary>
    public static async Task MoveAsync(AppDbContext db, int broadcastId, CheckInAnswer? from, CheckInAnswer to, CancellationToken cancellationToken)
    {
        if (from == to)
        {
            return;
        }

        if (from is { } previous)
        {
            var fromName = previous.ToString();
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE CheckInCounts SET Count = Count - 1 WHERE BroadcastId = {broadcastId} AND Answer = {fromName}", cancellationToken);
        }

        var toName = to.ToString();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO CheckInCounts (BroadcastId, Answer, Count) VALUES ({broadcastId}, {toName}, 1)
            ON CONFLICT (BroadcastId, Answer) DO UPDATE SET Count = Count + 1
            """, cancellationToken);
    }
}
