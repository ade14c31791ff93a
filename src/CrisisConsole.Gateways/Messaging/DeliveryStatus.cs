namespace CrisisConsole.Gateways.Messaging;

/// <summary>
/// The life of one outbound message, in provider-neutral terms. <see cref="Pending"/> is ours (not yet
/// handed to a gateway); the others are what Twilio and Meta report. Ranking lives with the deliveries.
/// </summary>
public enum DeliveryStatus
{
    Pending,
    Queued,
    Accepted,
    Sending,
    Sent,
    Delivered,
    Read,
    Failed,
    Undelivered,
}

/// <summary>Maps the providers' status words onto <see cref="DeliveryStatus"/>.</summary>
public static class ProviderStatuses
{
    /// <summary>
    /// Twilio's MessageStatus (A.1/A.2) and Meta's statuses[].status (B.2). Returns null for words that
    /// say nothing about delivery progress (canceled, partially_delivered, receiving, received...), so
    /// they are kept for audit but never applied.
    /// </summary>
    public static DeliveryStatus? FromProviderWord(string? word) => word?.Trim().ToLowerInvariant() switch
    {
        "queued" => DeliveryStatus.Queued,
        "accepted" or "scheduled" or "held_for_quality_assessment" or "paused" => DeliveryStatus.Accepted,
        "sending" => DeliveryStatus.Sending,
        "sent" => DeliveryStatus.Sent,
        "delivered" => DeliveryStatus.Delivered,
        // Meta's "played" (first play of a voice message) comes after read and implies it.
        "read" or "played" => DeliveryStatus.Read,
        "failed" => DeliveryStatus.Failed,
        "undelivered" => DeliveryStatus.Undelivered,
        _ => null,
    };
}
