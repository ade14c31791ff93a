using System.Net.Http.Headers;
using System.Text;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Signatures;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Deliveries;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Webhooks;

/// <summary>Webhook requests as Twilio and Meta send them, signed with the test factory's secrets.</summary>
internal static class SignedWebhooks
{
    public static string NewTwilioSid() => "SM" + Guid.NewGuid().ToString("N");

    public static string NewWamid() => "wamid." + Convert.ToBase64String(Guid.NewGuid().ToByteArray());

    public static HttpRequestMessage Twilio(string path, IReadOnlyList<KeyValuePair<string, string>> fields, string query = "",
        string? signedUrl = null, string? authToken = null, IReadOnlyList<KeyValuePair<string, string>>? signedFields = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path + query) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", TwilioSignature.Compute(authToken ?? CrisisConsoleFactory.TwilioAuthToken,
            signedUrl ?? CrisisConsoleFactory.PublicBaseUrl + path + query, signedFields ?? fields));
        return request;
    }

    public static HttpRequestMessage TwilioStatus(string sid, string status, string query = "", string? errorCode = null, bool whatsApp = false)
    {
        var fields = TwilioStatusFields(sid, status, errorCode, whatsApp);
        return Twilio(WebhookPaths.TwilioStatus, fields, query);
    }

    public static List<KeyValuePair<string, string>> TwilioStatusFields(string sid, string status, string? errorCode = null, bool whatsApp = false)
    {
        var prefix = whatsApp ? "whatsapp:" : "";
        var fields = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", "AC" + new string('a', 32)),
            new("ApiVersion", "2010-04-01"),
            new("From", prefix + "+15005550006"),
            new("To", prefix + "+447700900123"),
            new("MessageSid", sid),
            new("MessageStatus", status),
            new("SmsSid", sid),
            new("SmsStatus", status),
        };
        if (errorCode is not null)
        {
            fields.Add(new("ErrorCode", errorCode));
        }

        if (whatsApp)
        {
            fields.Add(new("ChannelPrefix", "whatsapp"));
            if (status == "read")
            {
                fields.Add(new("EventType", "READ"));
            }
        }

        return fields;
    }

    public static HttpRequestMessage Meta(string json, string? appSecret = null) => Meta(Encoding.UTF8.GetBytes(json), appSecret);

    public static HttpRequestMessage Meta(byte[] body, string? appSecret = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookPaths.WhatsAppCloud) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Hub-Signature-256", MetaSignature.Compute(appSecret ?? CrisisConsoleFactory.MetaAppSecret, body));
        return request;
    }

    public static string MetaStatus(string wamid, string status, string? errorCode = null, string? correlationId = null, long timestamp = 1750857384)
    {
        var errors = errorCode is null ? "" :
            $$$""","errors":[{"code":{{{errorCode}}},"title":"Error","message":"Error","error_data":{"details":"Details of {{{errorCode}}}."}}]""";
        var correlation = correlationId is null ? "" : $$$""","biz_opaque_callback_data":"{{{correlationId}}}" """;
        return $$$"""{"id":"{{{wamid}}}","status":"{{{status}}}","timestamp":"{{{timestamp}}}","recipient_id":"447700900123" """ + correlation + errors + "}";
    }

    public static string MetaEnvelope(string valueFields) =>
        """{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"""
        + valueFields + "}}]}]}";

    public static string MetaStatuses(params string[] statuses) => MetaEnvelope("\"statuses\":[" + string.Join(",", statuses) + "]");

    /// <summary>Stores a delivery as the dispatcher would before sending, and returns its id.</summary>
    public static async Task<long> CreateDeliveryAsync(CrisisConsoleFactory factory, GatewayProvider provider, string? providerMessageId,
        DeliveryStatus status = DeliveryStatus.Queued)
    {
        await using var db = factory.CreateDbContext();
        var delivery = new Delivery
        {
            Channel = GatewayProviders.ChannelOf(provider),
            Provider = provider,
            ToAddress = "+447700900123",
            ProviderMessageId = providerMessageId,
            Status = status,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(delivery);
        await db.SaveChangesAsync();
        return delivery.Id;
    }

    public static async Task<Delivery> DeliveryAsync(CrisisConsoleFactory factory, long id)
    {
        await using var db = factory.CreateDbContext();
        return await db.Set<Delivery>().AsNoTracking().SingleAsync(d => d.Id == id);
    }
}

/// <summary>A body whose length is not announced (chunked), to check the limit is enforced while reading.</summary>
internal sealed class UnsizedContent(byte[] bytes) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    public static UnsizedContent Form(byte[] bytes)
    {
        var content = new UnsizedContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return content;
    }
}
