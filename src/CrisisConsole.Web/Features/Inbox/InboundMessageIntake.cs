using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// Stores inbound messages from webhooks, once each. What follows from a message (check-ins, later the
/// inbox's classification) hangs off <see cref="IInboundMessageObserver"/>; it reads
/// <see cref="InboundMessage.FromAddress"/>, already normalised.
/// </summary>
internal static class InboundMessageIntake
{
    /// <summary>
    /// Adds the message to <paramref name="db"/> unless it is already stored or already in this batch;
    /// returns the new row (to be offered to the <see cref="IInboundMessageObserver"/>s once saved), or null.
    /// </summary>
    public static async Task<InboundMessage?> AddIfNewAsync(AppDbContext db, InboundEvent inbound, long webhookEventId, DateTimeOffset receivedAt,
        HashSet<string> seenInBatch, CancellationToken cancellationToken)
    {
        if (!seenInBatch.Add(inbound.ProviderMessageId) ||
            await db.Set<InboundMessage>().AnyAsync(m => m.ProviderMessageId == inbound.ProviderMessageId, cancellationToken))
        {
            return null;
        }

        var media = inbound.Media.Count > 0 ? inbound.Media[0] : null;
        var message = new InboundMessage
        {
            Provider = inbound.Provider,
            Channel = inbound.Channel,
            ProviderMessageId = inbound.ProviderMessageId,
            FromAddress = inbound.From,
            ToAddress = inbound.To,
            ProfileName = inbound.ProfileName,
            Kind = inbound.Kind,
            Text = inbound.Text,
            ButtonPayload = inbound.ButtonPayload,
            ButtonText = inbound.ButtonText,
            ReplyToProviderMessageId = inbound.ReplyToProviderMessageId,
            Latitude = inbound.Latitude,
            Longitude = inbound.Longitude,
            MediaContentType = media?.ContentType,
            MediaUrl = media?.Url,
            MediaId = media?.MediaId,
            MediaCount = inbound.Media.Count,
            SentAt = inbound.OccurredAt,
            ReceivedAt = receivedAt,
            WebhookEventId = webhookEventId,
        };
        db.Add(message);
        return message;
    }
}
