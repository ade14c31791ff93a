using System.Text.Json;
using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Gateways.WhatsAppCloud;

/// <summary>The JSON body of POST /{version}/{phone-number-id}/messages for text, reply buttons or a template (gateways.md B.1).</summary>
internal static class MetaMessageBody
{
    public static byte[] Build(OutboundMessage message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("messaging_product", "whatsapp");
            json.WriteString("recipient_type", "individual");
            json.WriteString("to", message.To);
            if (message.MetaTemplate is { } template)
            {
                WriteTemplate(json, template, message.QuickReplies);
            }
            else if (message.QuickReplies.Count > 0)
            {
                WriteButtons(json, message.Text!, message.QuickReplies);
            }
            else
            {
                json.WriteString("type", "text");
                json.WriteStartObject("text");
                json.WriteBoolean("preview_url", false);
                json.WriteString("body", message.Text);
                json.WriteEndObject();
            }

            if (!string.IsNullOrEmpty(message.CorrelationId))
            {
                json.WriteString("biz_opaque_callback_data", message.CorrelationId);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteButtons(Utf8JsonWriter json, string text, IReadOnlyList<QuickReply> replies)
    {
        json.WriteString("type", "interactive");
        json.WriteStartObject("interactive");
        json.WriteString("type", "button");
        json.WriteStartObject("body");
        json.WriteString("text", text);
        json.WriteEndObject();
        json.WriteStartObject("action");
        json.WriteStartArray("buttons");
        foreach (var reply in replies)
        {
            json.WriteStartObject();
            json.WriteString("type", "reply");
            json.WriteStartObject("reply");
            json.WriteString("id", reply.Id);
            json.WriteString("title", reply.Title);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteTemplate(Utf8JsonWriter json, MetaMessageTemplate template, IReadOnlyList<QuickReply> replies)
    {
        json.WriteString("type", "template");
        json.WriteStartObject("template");
        json.WriteString("name", template.Name);
        json.WriteStartObject("language");
        json.WriteString("code", template.LanguageCode);
        json.WriteEndObject();
        var parameters = template.BodyParameters ?? [];
        if (parameters.Count > 0 || replies.Count > 0)
        {
            json.WriteStartArray("components");
            if (parameters.Count > 0)
            {
                json.WriteStartObject();
                json.WriteString("type", "body");
                json.WriteStartArray("parameters");
                foreach (var parameter in parameters)
                {
                    json.WriteStartObject();
                    json.WriteString("type", "text");
                    json.WriteString("text", parameter);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            // The template defines its buttons; we only set the payload each one sends back.
            for (var index = 0; index < replies.Count; index++)
            {
                json.WriteStartObject();
                json.WriteString("type", "button");
                json.WriteString("sub_type", "quick_reply");
                json.WriteString("index", index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                json.WriteStartArray("parameters");
                json.WriteStartObject();
                json.WriteString("type", "payload");
                json.WriteString("payload", replies[index].Id);
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}
