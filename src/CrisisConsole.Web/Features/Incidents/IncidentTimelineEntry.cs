using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Incidents;

public enum IncidentTimelineKind
{
    Opened,
    StateChanged,
    Note,
    BroadcastCreated,
    BroadcastApproved,
    BroadcastRejected,
    BroadcastStarted,
    BroadcastCompleted,
    BroadcastCancelled,

    /// <summary>A key figure captured at a moment (for example "312 safe, 14 need help").</summary>
    Figure,

    Reminder,
    ReviewUpdated,

    /// <summary>A broadcast of the incident was sent for approval.</summary>
    BroadcastSubmitted,
}

/// <summary>One line of an incident's timeline: what happened, who did it, and when. Append-only.</summary>
public sealed class IncidentTimelineEntry
{
    public const int TextMaxLength = 4000;

    public long Id { get; set; }
    public int IncidentId { get; set; }
    public IncidentTimelineKind Kind { get; set; }
    public string Text { get; set; } = "";

    /// <summary>The broadcast the entry is about, if any.</summary>
    public int? BroadcastId { get; set; }

    public string ActorId { get; set; } = "";
    public string ActorName { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

internal sealed class IncidentTimelineEntryConfiguration : IEntityTypeConfiguration<IncidentTimelineEntry>
{
    public void Configure(EntityTypeBuilder<IncidentTimelineEntry> entity)
    {
        entity.ToTable("IncidentTimelineEntries");
        entity.Property(e => e.Text).HasMaxLength(IncidentTimelineEntry.TextMaxLength);
        entity.Property(e => e.ActorId).HasMaxLength(128);
        entity.Property(e => e.ActorName).HasMaxLength(256);
        entity.HasIndex(e => new { e.IncidentId, e.At });
        entity.HasOne<Incident>().WithMany().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Restrict);
    }
}
