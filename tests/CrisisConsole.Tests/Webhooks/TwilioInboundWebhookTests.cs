using System.Net;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Inbox;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Webhooks;

public sealed class TwilioInboundWebhookTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task An_inbound_sms_is_stored_with_a_normalised_sender_and_answered_with_empty_twiml()
    {
        var sid = SignedWebhooks.NewTwilioSid();

        var response = await client.SendAsync(SignedWebhooks.Twilio(WebhookPaths.TwilioInbound,
            [new("MessageSid", sid), new("From", "+447700900123"), new("To", "+15005550006"), new("Body", "SAFE"), new("NumMedia", "0")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<Response/>", await response.Content.ReadAsStringAsync());
        var message = await StoredAsync(sid);
        Assert.Equal(MessageChannel.Sms, message.Channel);
        Assert.Equal("+447700900123", message.FromAddress);
        Assert.Equal("SAFE", message.Text);
        Assert.Equal(InboundKind.Text, message.Kind);
    }

    [Fact]
    public async Task A_redelivered_inbound_message_is_stored_once()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        List<KeyValuePair<string, string>> fields = [new("MessageSid", sid), new("From", "+447700900123"), new("Body", "HELP")];

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SignedWebhooks.Twilio(WebhookPaths.TwilioInbound, fields))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SignedWebhooks.Twilio(WebhookPaths.TwilioInbound, fields))).StatusCode);

        await using var db = factory.CreateDbContext();
        Assert.Equal(1, await db.Set<InboundMessage>().CountAsync(m => m.ProviderMessageId == sid));
    }

    [Fact]
    public async Task A_whatsapp_quick_reply_is_stored_with_its_payload_and_the_message_it_answers()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var original = SignedWebhooks.NewTwilioSid();

        await client.SendAsync(SignedWebhooks.Twilio(WebhookPaths.TwilioInbound,
        [
            new("MessageSid", sid), new("From", "whatsapp:+6285176810035"), new("To", "whatsapp:+14155238886"),
            new("ButtonText", "I am safe"), new("ButtonPayload", "SAFE"), new("OriginalRepliedMessageSid", original),
            new("ProfileName", "Amina"), new("WaId", "6285176810035"), new("MessageType", "interactive"), new("NumMedia", "0"),
        ]));

        var message = await StoredAsync(sid);
        Assert.Equal(MessageChannel.WhatsApp, message.Channel);
        Assert.Equal(GatewayProvider.TwilioWhatsApp, message.Provider);
        Assert.Equal("+6285176810035", message.FromAddress);
        Assert.Equal("SAFE", message.ButtonPayload);
        Assert.Equal(original, message.ReplyToProviderMessageId);
        Assert.Equal("Amina", message.ProfileName);
    }

    [Fact]
    public async Task A_location_and_a_photo_are_stored_with_their_metadata()
    {
        var locationSid = SignedWebhooks.NewTwilioSid();
        var photoSid = SignedWebhooks.NewTwilioSid();

        await client.SendAsync(SignedWebhooks.Twilio(WebhookPaths.TwilioInbound,
            [new("MessageSid", locationSid), new("From", "whatsapp:+33612345678"), new("Latitude", "48.8584"), new("Longitude", "2.2945")]));
        await client.SendAsync(SignedWebhooks.Twilio(WebhookPaths.TwilioInbound,
        [
            new("MessageSid", photoSid), new("From", "whatsapp:+33612345678"), new("NumMedia", "1"),
            new("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"), new("MediaContentType0", "image/jpeg"),
        ]));

        var location = await StoredAsync(locationSid);
        Assert.Equal(48.8584, location.Latitude);
        Assert.Equal(2.2945, location.Longitude);
        var photo = await StoredAsync(photoSid);
        Assert.Equal(InboundKind.Media, photo.Kind);
        Assert.Equal("image/jpeg", photo.MediaContentType);
        Assert.Equal(1, photo.MediaCount);
    }

    [Fact]
    public async Task An_inbound_message_with_a_bad_signature_is_refused_and_not_stored()
    {
        var sid = SignedWebhooks.NewTwilioSid();

        var response = await client.SendAsync(SignedWebhooks.Twilio(WebhookPaths.TwilioInbound,
            [new("MessageSid", sid), new("From", "+447700900123"), new("Body", "SAFE")], authToken: "wrong"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Set<InboundMessage>().AnyAsync(m => m.ProviderMessageId == sid));
    }

    [Fact]
    public async Task A_signed_inbound_message_with_a_bad_coordinate_is_refused_with_400()
    {
        var response = await client.SendAsync(SignedWebhooks.Twilio(WebhookPaths.TwilioInbound,
            [new("MessageSid", SignedWebhooks.NewTwilioSid()), new("From", "+447700900123"), new("Latitude", "north"), new("Longitude", "2")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<InboundMessage> StoredAsync(string sid)
    {
        await using var db = factory.CreateDbContext();
        return await db.Set<InboundMessage>().AsNoTracking().SingleAsync(m => m.ProviderMessageId == sid);
    }
}
