using CrisisConsole.Web.Features.Broadcasts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Incidents;

public enum IncidentSeverity
{
    Minor,
    Major,
    Critical,
}

/// <summary>Open → monitoring → resolved → closed.</summary>
public enum IncidentState
{
    Open,
    Monitoring,
    Resolved,
    Closed,
}

/// <summary>
/// Something that happened and the communication around it: its broadcasts (<see cref="Broadcast.IncidentId"/>),
/// its timeline, and, once closed, the operators' review. A drill is an incident flagged as an exercise:
/// its broadcasts carry the drill prefix and its figures never mix with real incidents.
/// </summary>
public sealed class Incident
{
    public const int TitleMaxLength = 200;
    public const int ReviewMaxLength = 8000;

    public int Id { get; set; }
    public string Title { get; set; } = "";
    public IncidentSeverity Severity { get; set; }
    public IncidentState State { get; set; } = IncidentState.Open;
    public bool IsDrill { get; set; }

    /// <summary>Affected zones as a JSON array of strings (the contacts' Zone values).</summary>
    public string ZonesJson { get; set; } = "[]";

    /// <summary>Segments follow-ups go to, as a JSON array of segment ids (pre-filled into follow-up broadcasts).</summary>
    public string SegmentIdsJson { get; set; } = "[]";

    /// <summary>Template variables follow-ups reuse, as a JSON object of strings.</summary>
    public string VariablesJson { get; set; } = "{}";

    /// <summary>AppUser ids and names of the incident manager and the communications lead.</summary>
    public string? ManagerUserId { get; set; }
    public string? ManagerName { get; set; }
    public string? CommsLeadUserId { get; set; }
    public string? CommsLeadName { get; set; }

    /// <summary>"user:{id}" or "apikey:{id}", like <see cref="Broadcast.CreatedById"/>.</summary>
    public string CreatedById { get; set; } = "";
    public string CreatedByName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? MonitoringAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>When the last broadcast of this incident started sending; drives the "no update for a while" reminder.</summary>
    public DateTimeOffset? LastUpdateSentAt { get; set; }

    /// <summary>When the communications lead was last reminded, so a reminder is not repeated every minute.</summary>
    public DateTimeOffset? LastReminderAt { get; set; }

    // ---- The review, written by the operators for the post-incident report ----
    public string? Cause { get; set; }
    public string? Fix { get; set; }
    public string? LessonsLearned { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> entity)
    {
        entity.ToTable("Incidents");
        entity.Property(i => i.Title).HasMaxLength(Incident.TitleMaxLength);
        entity.Property(i => i.ZonesJson).HasMaxLength(4_000);
        entity.Property(i => i.SegmentIdsJson).HasMaxLength(4_000);
        entity.Property(i => i.VariablesJson).HasMaxLength(20_000);
        entity.Property(i => i.ManagerUserId).HasMaxLength(128);
        entity.Property(i => i.ManagerName).HasMaxLength(256);
        entity.Property(i => i.CommsLeadUserId).HasMaxLength(128);
        entity.Property(i => i.CommsLeadName).HasMaxLength(256);
        entity.Property(i => i.CreatedById).HasMaxLength(128);
        entity.Property(i => i.CreatedByName).HasMaxLength(256);
        entity.Property(i => i.Cause).HasMaxLength(Incident.ReviewMaxLength);
        entity.Property(i => i.Fix).HasMaxLength(Incident.ReviewMaxLength);
        entity.Property(i => i.LessonsLearned).HasMaxLength(Incident.ReviewMaxLength);
        entity.Property(i => i.Version).IsConcurrencyToken();
        entity.HasIndex(i => new { i.State, i.CreatedAt });
        entity.HasIndex(i => new { i.IsDrill, i.CreatedAt });
        entity.HasMany<Broadcast>().WithOne().HasForeignKey(b => b.IncidentId).OnDelete(DeleteBehavior.Restrict);
    }
}
