using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// One message from a person. The provider id is unique, so a redelivered webhook is stored once.
/// <see cref="FromAddress"/> is normalised E.164, the key for matching a contact. It is also the triage
/// inbox's item: its classification, priority, triage state and assignee live here (see DESIGN.md).
/// </summary>
public sealed class InboundMessage
{
    public long Id { get; set; }
    public GatewayProvider Provider { get; set; }
    public MessageChannel Channel { get; set; }
    public string ProviderMessageId { get; set; } = "";
    public string FromAddress { get; set; } = "";
    public string? ToAddress { get; set; }
    public string? ProfileName { get; set; }
    public InboundKind Kind { get; set; }
    public string? Text { get; set; }
    public string? ButtonPayload { get; set; }
    public string? ButtonText { get; set; }

    /// <summary>Our outbound message this answers (Twilio OriginalRepliedMessageSid, Meta context.id).</summary>
    public string? ReplyToProviderMessageId { get; set; }

    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? MediaContentType { get; set; }

    /// <summary>Twilio's media URL (needs the account credentials to fetch).</summary>
    public string? MediaUrl { get; set; }

    /// <summary>Meta's media id (fetched through the Graph API).</summary>
    public string? MediaId { get; set; }

    public int MediaCount { get; set; }

    /// <summary>When the person sent it, if the provider says; otherwise null.</summary>
    public DateTimeOffset? SentAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The contact who sent it; null for an unknown sender (see <see cref="UnknownSender"/>).</summary>
    public int? ContactId { get; set; }

    // ---- Triage (the inbox) ----

    public InboundClassification Classification { get; set; } = InboundClassification.Other;

    /// <summary><see cref="InboxPriority.Of"/> of <see cref="Classification"/>: lower is more urgent, stored so the queue sorts on an index.</summary>
    public int Priority { get; set; } = InboxPriority.Of(InboundClassification.Other);

    public TriageState TriageState { get; set; } = TriageState.New;

    /// <summary>The AppUser id of the responder working it, and their name when assigned (for display).</summary>
    public string? AssignedToUserId { get; set; }
    public string? AssignedToName { get; set; }

    /// <summary>The check-in broadcast this message answers, when it was linked to one.</summary>
    public int? AnswersBroadcastId { get; set; }

    /// <summary>The incident of <see cref="AnswersBroadcastId"/>, copied so the inbox filters without a join.</summary>
    public int? IncidentId { get; set; }

    /// <summary>The contact's zone and language when the message arrived, copied for the inbox filters.</summary>
    public string? Zone { get; set; }
    public string? Language { get; set; }

    public DateTimeOffset? TriageChangedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>Optimistic concurrency for triage changes: two responders cannot silently overwrite each other.</summary>
    public Guid TriageVersion { get; set; } = Guid.NewGuid();

    public long? WebhookEventId { get; set; }
    public GatewayWebhookEvent? WebhookEvent { get; set; }
}

internal sealed class InboundMessageConfiguration : IEntityTypeConfiguration<InboundMessage>
{
    public void Configure(EntityTypeBuilder<InboundMessage> entity)
    {
        entity.ToTable("InboundMessages");
        entity.Property(m => m.ProviderMessageId).HasMaxLength(128);
        entity.Property(m => m.FromAddress).HasMaxLength(64);
        entity.Property(m => m.ToAddress).HasMaxLength(64);
        entity.Property(m => m.ProfileName).HasMaxLength(256);
        entity.Property(m => m.Text).HasMaxLength(4096);
        entity.Property(m => m.ButtonPayload).HasMaxLength(256);
        entity.Property(m => m.ButtonText).HasMaxLength(256);
        entity.Property(m => m.ReplyToProviderMessageId).HasMaxLength(128);
        entity.Property(m => m.MediaContentType).HasMaxLength(128);
        entity.Property(m => m.MediaUrl).HasMaxLength(2048);
        entity.Property(m => m.MediaId).HasMaxLength(128);
        entity.HasIndex(m => m.ProviderMessageId).IsUnique();
        entity.HasIndex(m => new { m.FromAddress, m.ReceivedAt });
        entity.HasIndex(m => m.ReplyToProviderMessageId);
        entity.HasIndex(m => m.ReceivedAt);
        entity.Property(m => m.AssignedToUserId).HasMaxLength(128);
        entity.Property(m => m.AssignedToName).HasMaxLength(256);
        entity.Property(m => m.Zone).HasMaxLength(100);
        entity.Property(m => m.Language).HasMaxLength(35);
        entity.Property(m => m.TriageVersion).IsConcurrencyToken();
        // The triage queue: open items, most urgent first, oldest first within a priority.
        entity.HasIndex(m => new { m.TriageState, m.Priority, m.ReceivedAt }).HasDatabaseName("IX_InboundMessages_Triage");
        entity.HasIndex(m => new { m.ContactId, m.ReceivedAt });
        entity.HasIndex(m => m.AnswersBroadcastId);
        entity.HasIndex(m => m.IncidentId);
        entity.HasOne(m => m.WebhookEvent).WithMany().HasForeignKey(m => m.WebhookEventId).OnDelete(DeleteBehavior.Restrict);
    }
}
