using System.Net;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Tests.Webhooks;

namespace CrisisConsole.Tests.Inbox;

/// <summary>Signed inbound webhooks, as Twilio and Meta send them, for the tests of inbound processing.</summary>
public static class InboundWebhooks
{
    public static async Task<string> TwilioAsync(HttpClient client, string from, string? body = null, string? payload = null, string? repliedTo = null,
        bool whatsApp = false, string? sid = null)
    {
        sid ??= SignedWebhooks.NewTwilioSid();
        var prefix = whatsApp ? "whatsapp:" : "";
        List<KeyValuePair<string, string>> fields = [new("MessageSid", sid), new("From", prefix + from), new("To", prefix + "+15005550006"), new("NumMedia", "0")];
        if (body is not null)
        {
            fields.Add(new("Body", body));
        }

        if (payload is not null)
        {
            fields.Add(new("ButtonPayload", payload));
        }

        if (repliedTo is not null)
        {
            fields.Add(new("OriginalRepliedMessageSid", repliedTo));
        }

        var response = await client.SendAsync(SignedWebhooks.Twilio(WebhookPaths.TwilioInbound, fields));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The inbound webhook answered {(int)response.StatusCode}.");
        }

        return sid;
    }
}
