using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Deliveries;

/// <summary>
/// One status report from a provider, kept for audit and de-duplication: (ProviderMessageId, DedupeKey)
/// is unique, so a redelivered callback is stored once. <see cref="DeliveryId"/> is null while no
/// delivery carries the provider id yet (the callback beat the send response); attaching the id later
/// applies it.
/// </summary>
public sealed class DeliveryStatusEvent
{
    public long Id { get; set; }
    public GatewayProvider Provider { get; set; }
    public string ProviderMessageId { get; set; } = "";

    /// <summary><see cref="CrisisConsole.Gateways.Webhooks.StatusEvent.DedupeKey"/>.</summary>
    public string DedupeKey { get; set; } = "";

    public string RawStatus { get; set; } = "";

    /// <summary>Null for provider words that are not delivery progress; never applied.</summary>
    public DeliveryStatus? Status { get; set; }

    public string? ErrorCode { get; set; }
    public string? ErrorReason { get; set; }
    public string? EventType { get; set; }
    public string? CorrelationId { get; set; }
    public DateTimeOffset? OccurredAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public long? DeliveryId { get; set; }
    public long? WebhookEventId { get; set; }
    public GatewayWebhookEvent? WebhookEvent { get; set; }
}

internal sealed class DeliveryStatusEventConfiguration : IEntityTypeConfiguration<DeliveryStatusEvent>
{
    public void Configure(EntityTypeBuilder<DeliveryStatusEvent> entity)
    {
        entity.ToTable("DeliveryStatusEvents");
        entity.Property(e => e.ProviderMessageId).HasMaxLength(128);
        entity.Property(e => e.DedupeKey).HasMaxLength(96);
        entity.Property(e => e.RawStatus).HasMaxLength(32);
        entity.Property(e => e.ErrorCode).HasMaxLength(32);
        entity.Property(e => e.ErrorReason).HasMaxLength(DeliveryProgress.MaxErrorReasonLength);
        entity.Property(e => e.EventType).HasMaxLength(32);
        entity.Property(e => e.CorrelationId).HasMaxLength(512);
        // Also serves every lookup by provider id (its leading column).
        entity.HasIndex(e => new { e.ProviderMessageId, e.DedupeKey }).IsUnique();
        entity.HasIndex(e => e.DeliveryId);
        entity.HasOne<Delivery>().WithMany().HasForeignKey(e => e.DeliveryId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne(e => e.WebhookEvent).WithMany().HasForeignKey(e => e.WebhookEventId).OnDelete(DeleteBehavior.Restrict);
    }
}
