using System.Globalization;
using System.Text.Json;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Phone;
using CrisisConsole.Gateways.WhatsAppCloud;

namespace CrisisConsole.Gateways.Webhooks;

/// <summary>
/// Meta's webhook JSON (gateways.md B.2): every entry[], changes[] (field "messages"), statuses[],
/// messages[] and value-level errors[] of one POST. Unknown fields and other change fields are
/// ignored; a body that does not have the documented shape is refused as a whole.
/// </summary>
public static class MetaWebhookParser
{
    public const string BusinessAccountObject = "whatsapp_business_account";
    private const int MaxIdLength = 256;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static WebhookParseResult Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException)
        {
            return WebhookParseResult.Fail("The body is not valid JSON.");
        }

        using (document)
        {
            try
            {
                return ParseEnvelope(document.RootElement);
            }
            catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException)
            {
                // A value of an unexpected type deep inside; the guards above should already catch these.
                return WebhookParseResult.Fail("The body has an unexpected shape.");
            }
        }
    }

    private static WebhookParseResult ParseEnvelope(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return WebhookParseResult.Fail("The body is not a JSON object.");
        }

        var objectType = MetaJson.GetString(root, "object");
        if (objectType is null)
        {
            return WebhookParseResult.Fail("\"object\" is missing.");
        }

        if (objectType != BusinessAccountObject)
        {
            // Well signed but about something else (a page, an app): nothing for us.
            return WebhookParseResult.Ok([]);
        }

        if (!MetaJson.TryGetArray(root, "entry", out var entries))
        {
            return WebhookParseResult.Fail("\"entry\" is missing or not an array.");
        }

        var events = new List<GatewayEvent>();
        foreach (var entry in entries.EnumerateArray())
        {
            if (!MetaJson.TryGetArray(entry, "changes", out var changes))
            {
                return WebhookParseResult.Fail("An entry has no \"changes\" array.");
            }

            foreach (var change in changes.EnumerateArray())
            {
                if (change.ValueKind != JsonValueKind.Object)
                {
                    return WebhookParseResult.Fail("A change is not an object.");
                }

                if (MetaJson.GetString(change, "field") != "messages")
                {
                    continue;
                }

                if (!MetaJson.TryGetObject(change, "value", out var value))
                {
                    return WebhookParseResult.Fail("A \"messages\" change has no \"value\" object.");
                }

                var error = ParseValue(value, events);
                if (error is not null)
                {
                    return WebhookParseResult.Fail(error);
                }
            }
        }

        return WebhookParseResult.Ok(events);
    }

    private static string? ParseValue(JsonElement value, List<GatewayEvent> events)
    {
        string? phoneNumberId = null;
        if (MetaJson.TryGetObject(value, "metadata", out var metadata))
        {
            phoneNumberId = MetaJson.GetString(metadata, "phone_number_id");
        }

        if (value.TryGetProperty("statuses", out var statuses))
        {
            if (statuses.ValueKind != JsonValueKind.Array)
            {
                return "\"statuses\" is not an array.";
            }

            foreach (var status in statuses.EnumerateArray())
            {
                var error = ParseStatus(status, events);
                if (error is not null)
                {
                    return error;
                }
            }
        }

        var profiles = ReadProfiles(value);
        if (value.TryGetProperty("messages", out var messages))
        {
            if (messages.ValueKind != JsonValueKind.Array)
            {
                return "\"messages\" is not an array.";
            }

            foreach (var message in messages.EnumerateArray())
            {
                var error = ParseMessage(message, phoneNumberId, profiles, events);
                if (error is not null)
                {
                    return error;
                }
            }
        }

        if (MetaJson.TryGetArray(value, "errors", out var errors))
        {
            foreach (var error in errors.EnumerateArray())
            {
                if (!MetaJson.TryGetInt(error, "code", out var code))
                {
                    return "A value-level error has no code.";
                }

                events.Add(new PlatformErrorEvent
                {
                    Provider = GatewayProvider.MetaWhatsApp,
                    Code = code.ToString(CultureInfo.InvariantCulture),
                    Title = MetaJson.GetString(error, "title") ?? MetaJson.GetString(error, "message"),
                    Details = Details(error),
                });
            }
        }

        return null;
    }

    private static string? ParseStatus(JsonElement status, List<GatewayEvent> events)
    {
        var id = MetaJson.GetString(status, "id");
        var word = MetaJson.GetStrictString(status, "status");
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength)
        {
            return "A status has no valid \"id\".";
        }

        if (string.IsNullOrWhiteSpace(word) || word.Length > 32)
        {
            return "A status has no valid \"status\".";
        }

        string? errorCode = null;
        string? errorReason = null;
        if (MetaJson.TryGetArray(status, "errors", out var errors) && errors.GetArrayLength() > 0)
        {
            var first = errors[0];
            errorCode = MetaJson.TryGetInt(first, "code", out var code) ? code.ToString(CultureInfo.InvariantCulture) : null;
            errorReason = Details(first) ?? MetaJson.GetString(first, "message") ?? MetaJson.GetString(first, "title");
        }

        events.Add(new StatusEvent
        {
            Provider = GatewayProvider.MetaWhatsApp,
            ProviderMessageId = id,
            RawStatus = word,
            Status = ProviderStatuses.FromProviderWord(word),
            ErrorCode = errorCode,
            ErrorReason = errorReason,
            OccurredAt = Timestamp(status),
            CorrelationId = MetaJson.GetString(status, "biz_opaque_callback_data") is { Length: > 0 } correlation ? correlation : null,
        });
        return null;
    }

    private static string? ParseMessage(JsonElement message, string? phoneNumberId, Dictionary<string, string> profiles, List<GatewayEvent> events)
    {
        var id = MetaJson.GetString(message, "id");
        var from = MetaJson.GetString(message, "from");
        var type = MetaJson.GetStrictString(message, "type");
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength)
        {
            return "A message has no valid \"id\".";
        }

        if (string.IsNullOrWhiteSpace(from) || from.Length > 64)
        {
            return "A message has no valid \"from\".";
        }

        if (string.IsNullOrWhiteSpace(type))
        {
            return "A message has no \"type\".";
        }

        string? replyTo = null;
        if (MetaJson.TryGetObject(message, "context", out var context))
        {
            replyTo = MetaJson.GetString(context, "id");
        }

        var inbound = new InboundEvent
        {
            Provider = GatewayProvider.MetaWhatsApp,
            Channel = MessageChannel.WhatsApp,
            ProviderMessageId = id,
            From = E164.TryNormalize("+" + from.TrimStart('+'), out var normalized, out _) ? normalized : from,
            To = phoneNumberId,
            Kind = InboundKind.Other,
            WaId = from,
            ProfileName = profiles.GetValueOrDefault(from),
            ReplyToProviderMessageId = replyTo,
            OccurredAt = Timestamp(message),
        };

        switch (type)
        {
            case "text":
                inbound = inbound with { Kind = InboundKind.Text, Text = MetaJson.TryGetObject(message, "text", out var text) ? MetaJson.GetString(text, "body") : null };
                break;
            case "button":
                if (!MetaJson.TryGetObject(message, "button", out var button))
                {
                    return "A button message has no \"button\" object.";
                }

                inbound = inbound with
                {
                    Kind = InboundKind.Button,
                    ButtonPayload = MetaJson.GetString(button, "payload"),
                    ButtonText = MetaJson.GetString(button, "text"),
                    Text = MetaJson.GetString(button, "text"),
                };
                break;
            case "interactive":
                if (!MetaJson.TryGetObject(message, "interactive", out var interactive))
                {
                    return "An interactive message has no \"interactive\" object.";
                }

                inbound = Interactive(inbound, interactive);
                break;
            case "location":
                if (!MetaJson.TryGetObject(message, "location", out var location))
                {
                    return "A location message has no \"location\" object.";
                }

                var latitude = MetaJson.GetDouble(location, "latitude");
                var longitude = MetaJson.GetDouble(location, "longitude");
                if (latitude is not { } lat || longitude is not { } lon || Math.Abs(lat) > 90 || Math.Abs(lon) > 180)
                {
                    return "A location message has no valid latitude and longitude.";
                }

                inbound = inbound with
                {
                    Kind = InboundKind.Location,
                    Latitude = lat,
                    Longitude = lon,
                    LocationName = MetaJson.GetString(location, "name"),
                    LocationAddress = MetaJson.GetString(location, "address"),
                };
                break;
            case "image" or "video" or "audio" or "document" or "sticker":
                if (!MetaJson.TryGetObject(message, type, out var media))
                {
                    return $"A {type} message has no \"{type}\" object.";
                }

                var caption = MetaJson.GetString(media, "caption");
                inbound = inbound with
                {
                    Kind = InboundKind.Media,
                    Text = caption,
                    Media = [new InboundMedia(MetaJson.GetString(media, "mime_type"), MetaJson.GetString(media, "url"), MetaJson.GetString(media, "id"), caption)],
                };
                break;
            case "reaction":
                if (MetaJson.TryGetObject(message, "reaction", out var reaction))
                {
                    inbound = inbound with
                    {
                        Kind = InboundKind.Reaction,
                        Text = MetaJson.GetString(reaction, "emoji"),
                        ReplyToProviderMessageId = MetaJson.GetString(reaction, "message_id") ?? replyTo,
                    };
                }

                break;
            case "unsupported":
                string? code = null;
                if (MetaJson.TryGetArray(message, "errors", out var errors) && errors.GetArrayLength() > 0 &&
                    MetaJson.TryGetInt(errors[0], "code", out var number))
                {
                    code = number.ToString(CultureInfo.InvariantCulture);
                }

                inbound = inbound with { Kind = InboundKind.Unsupported, ErrorCode = code };
                break;
        }

        events.Add(inbound);
        return null;
    }

    private static InboundEvent Interactive(InboundEvent inbound, JsonElement interactive)
    {
        var kind = MetaJson.GetString(interactive, "type");
        if (kind is "button_reply" or "list_reply" && MetaJson.TryGetObject(interactive, kind, out var reply))
        {
            var title = MetaJson.GetString(reply, "title");
            return inbound with { Kind = InboundKind.Button, ButtonPayload = MetaJson.GetString(reply, "id"), ButtonText = title, Text = title };
        }

        if (kind == "nfm_reply" && MetaJson.TryGetObject(interactive, "nfm_reply", out var flow))
        {
            return inbound with { Text = MetaJson.GetString(flow, "body") };
        }

        return inbound;
    }

    private static Dictionary<string, string> ReadProfiles(JsonElement value)
    {
        var profiles = new Dictionary<string, string>(StringComparer.Ordinal);
        if (MetaJson.TryGetArray(value, "contacts", out var contacts))
        {
            foreach (var contact in contacts.EnumerateArray())
            {
                if (MetaJson.GetString(contact, "wa_id") is { } waId &&
                    MetaJson.TryGetObject(contact, "profile", out var profile) &&
                    MetaJson.GetString(profile, "name") is { } name)
                {
                    profiles[waId] = name;
                }
            }
        }

        return profiles;
    }

    private static string? Details(JsonElement error) =>
        MetaJson.TryGetObject(error, "error_data", out var data) ? MetaJson.GetString(data, "details") : null;

    private static DateTimeOffset? Timestamp(JsonElement element) =>
        long.TryParse(MetaJson.GetString(element, "timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) &&
        seconds is > 0 and < 253402300800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
