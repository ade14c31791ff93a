using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CrisisConsole.GatewaySimulator.Configuration;
using CrisisConsole.GatewaySimulator.Recipients;

namespace CrisisConsole.GatewaySimulator.Meta;

/// <summary>
/// The JSON bodies of Meta's "messages" webhooks (B.2): one entry, one change, with either statuses[]
/// or contacts[] + messages[]. Timestamps are strings of Unix seconds, as Meta sends them.
/// </summary>
internal static class MetaWebhookPayloads
{
    public static byte[] Status(MetaBehaviour behaviour, MetaMessage message, string status, MetaError? error, DateTimeOffset at) =>
        Envelope(behaviour, message.PhoneNumberId, writer =>
        {
            writer.WriteStartArray("statuses");
            writer.WriteStartObject();
            writer.WriteString("id", message.Id);
            writer.WriteString("status", status);
            writer.WriteString("timestamp", Seconds(at));
            writer.WriteString("recipient_id", message.Recipient.TrimStart('+'));
            if (message.BizOpaqueCallbackData is not null)
            {
                writer.WriteString("biz_opaque_callback_data", message.BizOpaqueCallbackData);
            }

            if (status is "sent" or "delivered")
            {
                writer.WriteStartObject("pricing");
                writer.WriteBoolean("billable", message.TemplateCategory is not null);
                writer.WriteString("pricing_model", "PMP");
                writer.WriteString("category", message.TemplateCategory?.ToLowerInvariant() ?? "service");
                writer.WriteString("type", message.TemplateCategory is null ? "free_customer_service" : "regular");
                writer.WriteEndObject();
            }

            if (error is not null)
            {
                writer.WriteStartArray("errors");
                writer.WriteStartObject();
                writer.WriteNumber("code", error.Code);
                writer.WriteString("title", error.Title);
                writer.WriteString("message", error.Title);
                writer.WriteStartObject("error_data");
                writer.WriteString("details", error.Details);
                writer.WriteEndObject();
                writer.WriteString("href", "/documentation/business-messaging/whatsapp/support/error-codes");
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
        });

    public static byte[] Inbound(MetaBehaviour behaviour, string phoneNumberId, string wamid, RecipientProfile profile,
        InboundMessage message, MetaMessage? repliedTo, DateTimeOffset at) =>
        Envelope(behaviour, phoneNumberId, writer =>
        {
            var waId = profile.Phone.TrimStart('+');
            writer.WriteStartArray("contacts");
            writer.WriteStartObject();
            writer.WriteStartObject("profile");
            writer.WriteString("name", profile.Name);
            writer.WriteEndObject();
            writer.WriteString("wa_id", waId);
            writer.WriteEndObject();
            writer.WriteEndArray();

            writer.WriteStartArray("messages");
            writer.WriteStartObject();
            var replyTo = repliedTo?.Id ?? message.ReplyTo;
            if (replyTo is not null)
            {
                writer.WriteStartObject("context");
                writer.WriteString("from", behaviour.DisplayPhoneNumber);
                writer.WriteString("id", replyTo);
                writer.WriteEndObject();
            }

            writer.WriteString("from", waId);
            writer.WriteString("id", wamid);
            writer.WriteString("timestamp", Seconds(at));
            if (message.IsButton && repliedTo?.ButtonStyle == ButtonStyle.MetaTemplate)
            {
                writer.WriteString("type", "button");
                writer.WriteStartObject("button");
                writer.WriteString("payload", message.ButtonId ?? message.ButtonText);
                writer.WriteString("text", message.ButtonText ?? message.ButtonId);
                writer.WriteEndObject();
            }
            else if (message.IsButton)
            {
                writer.WriteString("type", "interactive");
                writer.WriteStartObject("interactive");
                writer.WriteString("type", "button_reply");
                writer.WriteStartObject("button_reply");
                writer.WriteString("id", message.ButtonId ?? message.ButtonText);
                writer.WriteString("title", message.ButtonText ?? message.ButtonId);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            else if (message.IsLocation)
            {
                writer.WriteString("type", "location");
                writer.WriteStartObject("location");
                writer.WriteNumber("latitude", message.Latitude!.Value);
                writer.WriteNumber("longitude", message.Longitude!.Value);
                if (message.LocationName is not null)
                {
                    writer.WriteString("name", message.LocationName);
                }

                writer.WriteEndObject();
            }
            else
            {
                writer.WriteString("type", "text");
                writer.WriteStartObject("text");
                writer.WriteString("body", message.Text ?? "");
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
        });

    private static byte[] Envelope(MetaBehaviour behaviour, string phoneNumberId, Action<Utf8JsonWriter> writeValue)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        var options = new JsonWriterOptions
        {
            // Meta escapes non-ASCII (\u0623…); the relaxed encoder sends raw UTF-8 to test both.
            Encoder = behaviour.EscapeNonAscii ? JavaScriptEncoder.Default : JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStartObject();
            writer.WriteString("object", "whatsapp_business_account");
            writer.WriteStartArray("entry");
            writer.WriteStartObject();
            writer.WriteString("id", behaviour.BusinessAccountId);
            writer.WriteStartArray("changes");
            writer.WriteStartObject();
            writer.WriteStartObject("value");
            writer.WriteString("messaging_product", "whatsapp");
            writer.WriteStartObject("metadata");
            writer.WriteString("display_phone_number", behaviour.DisplayPhoneNumber);
            writer.WriteString("phone_number_id", phoneNumberId);
            writer.WriteEndObject();
            writeValue(writer);
            writer.WriteEndObject();
            writer.WriteString("field", "messages");
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Seconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
