using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Gateways.Webhooks;

/// <summary>One thing a provider told us in a webhook, whatever its wire format.</summary>
public abstract record GatewayEvent
{
    public required GatewayProvider Provider { get; init; }
}

/// <summary>A status change of one of our outbound messages.</summary>
public sealed record StatusEvent : GatewayEvent
{
    /// <summary>Twilio MessageSid or Meta wamid.</summary>
    public required string ProviderMessageId { get; init; }

    /// <summary>The provider's word, kept for audit (e.g. "undelivered", "played").</summary>
    public required string RawStatus { get; init; }

    /// <summary>Null when the word says nothing about delivery progress (e.g. "canceled"); such events are kept but not applied.</summary>
    public DeliveryStatus? Status { get; init; }

    public string? ErrorCode { get; init; }

    /// <summary>The provider's error text; may quote the recipient, so store it but never log it.</summary>
    public string? ErrorReason { get; init; }

    /// <summary>Twilio's EventType (e.g. READ); part of its de-duplication key.</summary>
    public string? EventType { get; init; }

    /// <summary>When the provider says it happened (Meta's timestamp); null when it does not say.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>Our delivery id echoed back (Twilio ?delivery=, Meta biz_opaque_callback_data).</summary>
    public string? CorrelationId { get; init; }

    /// <summary>
    /// Identifies a redelivery of the same event: (status, event type, error code) for Twilio, status for
    /// Meta (gateways.md C.1). Unique together with <see cref="ProviderMessageId"/>.
    /// </summary>
    public string DedupeKey => GatewayProviders.IsTwilio(Provider)
        ? $"{RawStatus.ToLowerInvariant()}|{EventType?.ToUpperInvariant()}|{ErrorCode}"
        : RawStatus.ToLowerInvariant();
}

public enum InboundKind
{
    Text,
    Button,
    Location,
    Media,
    Reaction,
    Unsupported,
    Other,
}

/// <summary>A message from a person.</summary>
public sealed record InboundEvent : GatewayEvent
{
    /// <summary>Twilio MessageSid or Meta wamid: the de-duplication key.</summary>
    public required string ProviderMessageId { get; init; }

    public required MessageChannel Channel { get; init; }

    /// <summary>The sender, normalised to E.164 when it is a phone number (else as received, without "whatsapp:").</summary>
    public required string From { get; init; }

    /// <summary>Our number or Meta phone-number id the message was sent to.</summary>
    public string? To { get; init; }

    public required InboundKind Kind { get; init; }

    public string? Text { get; init; }

    /// <summary>The id we gave the pressed button (Twilio ButtonPayload, Meta button.payload / button_reply.id / list_reply.id).</summary>
    public string? ButtonPayload { get; init; }

    public string? ButtonText { get; init; }

    /// <summary>Our message this one answers (Twilio OriginalRepliedMessageSid, Meta context.id).</summary>
    public string? ReplyToProviderMessageId { get; init; }

    public string? ProfileName { get; init; }

    public string? WaId { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public string? LocationName { get; init; }

    public string? LocationAddress { get; init; }

    public IReadOnlyList<InboundMedia> Media { get; init; } = [];

    /// <summary>Set on unsupported messages (Meta 131051).</summary>
    public string? ErrorCode { get; init; }

    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>Metadata of one attachment; the content itself is fetched later if needed.</summary>
public sealed record InboundMedia(string? ContentType, string? Url, string? MediaId, string? Caption);

/// <summary>A problem Meta reports about the account or app rather than one message (value-level errors[]).</summary>
public sealed record PlatformErrorEvent : GatewayEvent
{
    public required string Code { get; init; }

    public string? Title { get; init; }

    public string? Details { get; init; }
}

/// <summary>The events of one webhook body, or why it could not be read. Never an exception.</summary>
public sealed record WebhookParseResult
{
    private WebhookParseResult(IReadOnlyList<GatewayEvent> events, string? error)
    {
        Events = events;
        Error = error;
    }

    public IReadOnlyList<GatewayEvent> Events { get; }

    /// <summary>Why the body was refused; names fields, never quotes their values.</summary>
    public string? Error { get; }

    public bool Succeeded => Error is null;

    public static WebhookParseResult Ok(IReadOnlyList<GatewayEvent> events) => new(events, null);

    public static WebhookParseResult Fail(string error) => new([], error);
}
