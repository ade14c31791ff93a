using System.Globalization;
using CrisisConsole.Gateways.Errors;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Phone;

namespace CrisisConsole.Gateways.Webhooks;

/// <summary>
/// Twilio's form-encoded status callbacks (gateways.md A.2) and inbound messages (A.3). Takes the
/// decoded form fields; unknown fields are ignored. Check the signature before calling.
/// </summary>
public static class TwilioWebhookParser
{
    public const int MaxMedia = 10;
    private const int MaxIdLength = 64;

    public static WebhookParseResult ParseStatus(IReadOnlyDictionary<string, string> form, string? correlationId = null)
    {
        var sid = First(form, "MessageSid", "SmsSid");
        if (sid is null)
        {
            return WebhookParseResult.Fail("MessageSid is missing.");
        }

        if (!IsId(sid))
        {
            return WebhookParseResult.Fail("MessageSid is not a Twilio message sid.");
        }

        var status = First(form, "MessageStatus", "SmsStatus");
        if (status is null)
        {
            return WebhookParseResult.Fail("MessageStatus is missing.");
        }

        if (status.Length > 32)
        {
            return WebhookParseResult.Fail("MessageStatus is too long.");
        }

        var errorCode = First(form, "ErrorCode");
        if (errorCode is not null && (errorCode.Length > 16 || !errorCode.All(char.IsAsciiDigit)))
        {
            return WebhookParseResult.Fail("ErrorCode is not a number.");
        }

        var reason = First(form, "ErrorMessage", "ChannelStatusMessage");
        if (reason is null && errorCode is not null)
        {
            reason = $"Twilio error {errorCode} ({TwilioErrorCodes.Classify(errorCode).Kind}).";
        }

        var eventType = First(form, "EventType");
        return WebhookParseResult.Ok([new StatusEvent
        {
            Provider = IsWhatsApp(form) ? GatewayProvider.TwilioWhatsApp : GatewayProvider.TwilioSms,
            ProviderMessageId = sid,
            RawStatus = status,
            Status = ProviderStatuses.FromProviderWord(status),
            ErrorCode = errorCode,
            ErrorReason = reason,
            EventType = eventType is { Length: <= 32 } ? eventType : null,
            CorrelationId = string.IsNullOrWhiteSpace(correlationId) ? null : correlationId.Trim(),
        }]);
    }

    public static WebhookParseResult ParseInbound(IReadOnlyDictionary<string, string> form)
    {
        var sid = First(form, "MessageSid", "SmsMessageSid", "SmsSid");
        if (sid is null)
        {
            return WebhookParseResult.Fail("MessageSid is missing.");
        }

        if (!IsId(sid))
        {
            return WebhookParseResult.Fail("MessageSid is not a Twilio message sid.");
        }

        var from = First(form, "From");
        if (from is null)
        {
            return WebhookParseResult.Fail("From is missing.");
        }

        if (!TryCoordinate(form, "Latitude", 90, out var latitude) || !TryCoordinate(form, "Longitude", 180, out var longitude))
        {
            return WebhookParseResult.Fail("Latitude or Longitude is not a valid coordinate.");
        }

        if (latitude.HasValue != longitude.HasValue)
        {
            return WebhookParseResult.Fail("Latitude and Longitude must come together.");
        }

        var media = ReadMedia(form);
        var text = First(form, "Body");
        var buttonPayload = First(form, "ButtonPayload");
        var buttonText = First(form, "ButtonText");
        var kind = buttonPayload is not null || buttonText is not null ? InboundKind.Button
            : latitude.HasValue ? InboundKind.Location
            : media.Count > 0 ? InboundKind.Media
            : text is not null ? InboundKind.Text
            : InboundKind.Other;

        return WebhookParseResult.Ok([new InboundEvent
        {
            Provider = IsWhatsApp(form) ? GatewayProvider.TwilioWhatsApp : GatewayProvider.TwilioSms,
            Channel = IsWhatsApp(form) ? MessageChannel.WhatsApp : MessageChannel.Sms,
            ProviderMessageId = sid,
            From = Address(from),
            To = First(form, "To") is { } to ? Address(to) : null,
            Kind = kind,
            Text = text,
            ButtonPayload = buttonPayload,
            ButtonText = buttonText,
            ReplyToProviderMessageId = First(form, "OriginalRepliedMessageSid"),
            ProfileName = First(form, "ProfileName"),
            WaId = First(form, "WaId"),
            Latitude = latitude,
            Longitude = longitude,
            LocationName = First(form, "Label"),
            LocationAddress = First(form, "Address"),
            Media = media,
        }]);
    }

    /// <summary>E.164 when the address is a phone number ("whatsapp:" dropped); otherwise as sent (short codes, ids).</summary>
    public static string Address(string address)
    {
        var trimmed = address.Trim();
        if (E164.TryNormalize(trimmed, out var normalized, out _))
        {
            return normalized;
        }

        return trimmed.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase) ? trimmed["whatsapp:".Length..] : trimmed;
    }

    private static List<InboundMedia> ReadMedia(IReadOnlyDictionary<string, string> form)
    {
        var media = new List<InboundMedia>();
        var declared = int.TryParse(First(form, "NumMedia"), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : MaxMedia;
        for (var index = 0; index < Math.Min(declared, MaxMedia); index++)
        {
            var url = First(form, "MediaUrl" + index.ToString(CultureInfo.InvariantCulture));
            var contentType = First(form, "MediaContentType" + index.ToString(CultureInfo.InvariantCulture));
            if (url is null && contentType is null)
            {
                break;
            }

            media.Add(new InboundMedia(contentType, url, null, null));
        }

        return media;
    }

    private static bool TryCoordinate(IReadOnlyDictionary<string, string> form, string key, double limit, out double? value)
    {
        value = null;
        var text = First(form, key);
        if (text is null)
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) &&
            double.IsFinite(number) && Math.Abs(number) <= limit)
        {
            value = number;
            return true;
        }

        return false;
    }

    private static bool IsWhatsApp(IReadOnlyDictionary<string, string> form) =>
        (First(form, "From")?.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase) ?? false) ||
        (First(form, "To")?.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase) ?? false) ||
        string.Equals(First(form, "ChannelPrefix"), "whatsapp", StringComparison.OrdinalIgnoreCase);

    private static bool IsId(string id) => id.Length <= MaxIdLength && id.All(char.IsAsciiLetterOrDigit);

    /// <summary>The first of the keys with a non-blank value; Twilio sends empty fields for absent data.</summary>
    private static string? First(IReadOnlyDictionary<string, string> form, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (form.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }

        return null;
    }
}
