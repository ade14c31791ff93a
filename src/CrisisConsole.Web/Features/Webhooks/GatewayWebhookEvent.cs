using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Webhooks;

public enum WebhookSource
{
    Twilio,
    Meta,
}

public enum WebhookKind
{
    Status,
    Inbound,

    /// <summary>A Meta POST, which may carry statuses, messages and errors together.</summary>
    Batch,
}

/// <summary>
/// Signed webhook requests as received, for audit: every inbound message and anything that did not
/// match a delivery; a status callback that matched its delivery is kept as its DeliveryStatusEvents
/// row instead (see WebhookRecorder). The payload holds phone numbers and message
/// text as the provider sent them: it stays in the database and never goes to a log.
/// </summary>
public sealed class GatewayWebhookEvent
{
    public long Id { get; set; }
    public WebhookSource Source { get; set; }
    public WebhookKind Kind { get; set; }

    /// <summary>The provider message id of the first event in the request, to find it again.</summary>
    public string? ProviderMessageId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The raw body: form-encoded for Twilio, JSON for Meta.</summary>
    public string Payload { get; set; } = "";

    public int EventCount { get; set; }

    /// <summary>Twilio's I-Twilio-Idempotency-Token header, which marks redeliveries.</summary>
    public string? IdempotencyToken { get; set; }
}

internal sealed class GatewayWebhookEventConfiguration : IEntityTypeConfiguration<GatewayWebhookEvent>
{
    public void Configure(EntityTypeBuilder<GatewayWebhookEvent> entity)
    {
        entity.ToTable("GatewayWebhookEvents");
        entity.Property(e => e.ProviderMessageId).HasMaxLength(128);
        entity.Property(e => e.IdempotencyToken).HasMaxLength(128);
        entity.HasIndex(e => e.ProviderMessageId);
        entity.HasIndex(e => e.ReceivedAt);
    }
}
