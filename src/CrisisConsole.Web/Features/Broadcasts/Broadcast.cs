using CrisisConsole.Web.Features.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Broadcasts;

public enum BroadcastState
{
    Draft,
    PendingApproval,
    Approved,
    Rejected,
    Sending,
    Paused,
    Completed,
    Cancelled,
}

/// <summary>How a broadcast uses the channels.</summary>
public enum ChannelPolicy
{
    /// <summary>WhatsApp first; SMS when WhatsApp fails, or is not delivered within the fallback time.</summary>
    WhatsAppThenSms,
    WhatsAppOnly,
    SmsOnly,
}

/// <summary>
/// One outbound message to many people: composed by an operator, approved by someone else, then
/// frozen into one <c>Delivery</c> per recipient. Change its state only through
/// <see cref="BroadcastStateMachine"/> so every transition is checked and audited.
/// </summary>
public sealed class Broadcast
{
    public int Id { get; set; }

    /// <summary>Optional: the incident this broadcast belongs to.</summary>
    public int? IncidentId { get; set; }

    public int TemplateId { get; set; }

    /// <summary>The template's name when composed, kept for display and the API.</summary>
    public string TemplateName { get; set; } = "";

    /// <summary>Variable values as a JSON object of strings.</summary>
    public string VariablesJson { get; set; } = "{}";

    /// <summary>Segment ids as a JSON array; resolved when the broadcast is approved.</summary>
    public string SegmentIdsJson { get; set; } = "[]";

    /// <summary>Explicit contact ids as a JSON array (re-send to non-responders); unioned with the segments.</summary>
    public string? ContactIdsJson { get; set; }

    /// <summary>Set on a re-send to non-responders: the check-in broadcast they did not answer.</summary>
    public int? ResendOfBroadcastId { get; set; }

    public ChannelPolicy ChannelPolicy { get; set; } = ChannelPolicy.WhatsAppThenSms;

    /// <summary>With WhatsAppThenSms: minutes after which an undelivered WhatsApp message is re-sent by SMS.</summary>
    public int? SmsFallbackAfterMinutes { get; set; }

    public bool IsDrill { get; set; }

    /// <summary>When sending may start; null means as soon as it is approved.</summary>
    public DateTimeOffset? ScheduledFor { get; set; }

    public BroadcastState State { get; set; } = BroadcastState.Draft;

    /// <summary>"user:{id}" or "apikey:{id}", so four-eyes checks work for people and integrations alike.</summary>
    public string CreatedById { get; set; } = "";
    public string CreatedByName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }

    public string? DecidedById { get; set; }
    public string? DecidedByName { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionComment { get; set; }

    public DateTimeOffset? SendingStartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>Frozen at approval: how many delivery rows were written (first attempts only).</summary>
    public int RecipientCount { get; set; }

    /// <summary>Optimistic concurrency: two supervisors deciding at once cannot both win.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}

internal sealed class BroadcastConfiguration : IEntityTypeConfiguration<Broadcast>
{
    public void Configure(EntityTypeBuilder<Broadcast> entity)
    {
        entity.ToTable("Broadcasts");
        entity.Property(b => b.TemplateName).HasMaxLength(100);
        entity.Property(b => b.VariablesJson).HasMaxLength(20_000);
        entity.Property(b => b.SegmentIdsJson).HasMaxLength(4_000);
        entity.Property(b => b.CreatedById).HasMaxLength(128);
        entity.Property(b => b.CreatedByName).HasMaxLength(256);
        entity.Property(b => b.DecidedById).HasMaxLength(128);
        entity.Property(b => b.DecidedByName).HasMaxLength(256);
        entity.Property(b => b.DecisionComment).HasMaxLength(2_000);
        entity.Property(b => b.Version).IsConcurrencyToken();
        entity.HasIndex(b => new { b.State, b.ScheduledFor });
        entity.HasIndex(b => b.CreatedAt);
        entity.HasIndex(b => b.IncidentId);
        entity.HasMany<Delivery>().WithOne().HasForeignKey(d => d.BroadcastId).OnDelete(DeleteBehavior.Restrict);
    }
}
