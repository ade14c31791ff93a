using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Audit;

/// <summary>Append-only record of who did what, to what, and when. Never updated or deleted.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>User id, "apikey:{id}", or "system".</summary>
    public string ActorId { get; set; } = "";
    public string ActorName { get; set; } = "";

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public string Action { get; set; } = "";
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }

    /// <summary>A short human summary. Never a full phone number or a message body.</summary>
    public string? Details { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entity)
    {
        entity.ToTable("AuditEntries");
        entity.Property(e => e.ActorId).HasMaxLength(128);
        entity.Property(e => e.ActorName).HasMaxLength(256);
        entity.Property(e => e.Action).HasMaxLength(64);
        entity.Property(e => e.TargetType).HasMaxLength(64);
        entity.Property(e => e.TargetId).HasMaxLength(128);
        entity.Property(e => e.Details).HasMaxLength(2000);
        entity.HasIndex(e => e.At);
        entity.HasIndex(e => new { e.ActorId, e.At });
        entity.HasIndex(e => new { e.Action, e.At });
    }
}
