using CrisisConsole.Gateways.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Deliveries;

/// <summary>
/// One recipient of one broadcast on one channel. Its provider message id is unique, and its status
/// only moves up the <see cref="DeliveryStatusRank"/>; change it through <see cref="DeliveryStatusTracker"/>.
/// </summary>
public sealed class Delivery
{
    private DeliveryStatus status;

    public long Id { get; set; }

    /// <summary>Null for now; the broadcasts work adds the foreign key.</summary>
    public int? BroadcastId { get; set; }

    public int? ContactId { get; set; }

    public MessageChannel Channel { get; set; }

    public GatewayProvider Provider { get; set; }

    /// <summary>E.164.</summary>
    public string ToAddress { get; set; } = "";

    /// <summary>Twilio sid or Meta wamid, once the provider accepted the message.</summary>
    public string? ProviderMessageId { get; set; }

    public DeliveryStatus Status
    {
        get => status;
        set
        {
            status = value;
            StatusRank = DeliveryStatusRank.Of(value);
        }
    }

    /// <summary>
    /// <see cref="DeliveryStatusRank.Of"/> of <see cref="Status"/>, stored so a status update is one
    /// indexed compare-and-set in SQL.
    /// </summary>
    public int StatusRank { get; private set; }

    public string? ErrorCode { get; set; }

    /// <summary>The provider's words; may quote the number, so never log it.</summary>
    public string? ErrorReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public DateTimeOffset? FailedAt { get; set; }

    /// <summary>The delivery this one replaces (an SMS after a failed WhatsApp).</summary>
    public long? FallbackForDeliveryId { get; set; }

    // ---- Dispatch bookkeeping (written at approval, then only by the messaging service) ----

    /// <summary>The recipient's language when the broadcast was approved (BCP 47); picks the template variant.</summary>
    public string? Language { get; set; }

    /// <summary>When the messaging service should (re)try this delivery; null when there is nothing left to do.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Send attempts made so far (transient failures retry with backoff).</summary>
    public int AttemptCount { get; set; }

    /// <summary>Set while an HTTP call for this delivery is in flight; a row still claimed after a crash is reconciled on restart.</summary>
    public DateTimeOffset? ClaimedAt { get; set; }
}

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> entity)
    {
        entity.ToTable("Deliveries");
        entity.Property(d => d.ToAddress).HasMaxLength(32);
        entity.Property(d => d.ProviderMessageId).HasMaxLength(128);
        entity.Property(d => d.Status).HasField("status");
        entity.Property(d => d.ErrorCode).HasMaxLength(32);
        entity.Property(d => d.ErrorReason).HasMaxLength(DeliveryProgress.MaxErrorReasonLength);
        entity.HasIndex(d => d.ProviderMessageId).IsUnique();
        entity.HasIndex(d => new { d.BroadcastId, d.Status });
        // (BroadcastId, Id) in effect: a broadcast's recipients page in delivery order without a sort.
        entity.HasIndex(d => d.BroadcastId);
        // Check-ins: the latest check-in broadcast sent to the person who answered.
        entity.HasIndex(d => d.ContactId);
        entity.Property(d => d.Language).HasMaxLength(35);
        // The messaging service's claim query: due rows, oldest first.
        entity.HasIndex(d => d.NextAttemptAt);
        entity.HasIndex(d => d.ClaimedAt);
        // The messaging service claims per (broadcast, sender): due Pending rows in NextAttemptAt order, read
        // from this index alone; its fallback sweep and completion check use it too.
        entity.HasIndex(d => new { d.BroadcastId, d.Provider, d.Status, d.NextAttemptAt }).HasDatabaseName("IX_Deliveries_Dispatch");
        entity.HasOne<Delivery>().WithMany().HasForeignKey(d => d.FallbackForDeliveryId).OnDelete(DeleteBehavior.Restrict);
    }
}
