using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CrisisConsole.Gateways.Sms;
using CrisisConsole.GatewaySimulator.Recipients;

namespace CrisisConsole.GatewaySimulator.Twilio;

/// <summary>The form fields of Twilio's status callbacks (A.2) and inbound webhooks (A.3).</summary>
internal static class TwilioCallbackFields
{
    public const string ApiVersion = "2010-04-01";

    public static List<KeyValuePair<string, string>> Status(TwilioMessage message, string status, int? errorCode, DateTimeOffset at)
    {
        var fields = new List<KeyValuePair<string, string>>(16)
        {
            new("SmsSid", message.Sid),
            new("SmsStatus", status),
            new("MessageStatus", status),
            new("To", message.To),
            new("MessageSid", message.Sid),
            new("AccountSid", message.AccountSid),
            new("From", message.Sender),
            new("ApiVersion", ApiVersion),
        };

        if (message.MessagingServiceSid is not null)
        {
            fields.Add(new("MessagingServiceSid", message.MessagingServiceSid));
        }

        if (errorCode is { } code)
        {
            fields.Add(new("ErrorCode", code.ToString(CultureInfo.InvariantCulture)));
        }

        if (message.Channel == SimulatedChannel.TwilioWhatsApp)
        {
            fields.Add(new("ChannelPrefix", "whatsapp"));
            fields.Add(new("ChannelInstallSid", ChannelInstallSid(message.AccountSid)));
            fields.Add(new("ChannelToAddress", message.Person));
            if (status == "read")
            {
                fields.Add(new("EventType", "READ"));
            }
        }
        else if (status is "delivered" or "undelivered")
        {
            // The carrier's delivery-report time, YYMMDDhhmm.
            fields.Add(new("RawDlrDoneDate", at.UtcDateTime.ToString("yyMMddHHmm", CultureInfo.InvariantCulture)));
        }

        return fields;
    }

    public static List<KeyValuePair<string, string>> Inbound(
        string sid, string accountSid, string? messagingServiceSid, string from, string to, SimulatedChannel channel,
        InboundMessage message, RecipientProfile profile, TwilioMessage? repliedTo)
    {
        var body = message.Text ?? message.ButtonText ?? "";
        var fields = new List<KeyValuePair<string, string>>(24)
        {
            new("MessageSid", sid),
            new("SmsSid", sid),
            new("SmsMessageSid", sid),
            new("AccountSid", accountSid),
            new("From", from),
            new("To", to),
            new("Body", body),
            new("NumMedia", "0"),
            new("NumSegments", channel == SimulatedChannel.Sms ? SmsSegmentCounter.Count(body).Segments.ToString(CultureInfo.InvariantCulture) : "1"),
            new("SmsStatus", "received"),
            new("ApiVersion", ApiVersion),
        };

        if (messagingServiceSid is not null)
        {
            fields.Add(new("MessagingServiceSid", messagingServiceSid));
        }

        var keyword = TwilioOptOuts.Classify(body);
        if (keyword != OptOutKeyword.None)
        {
            fields.Add(new("OptOutType", keyword.ToString().ToUpperInvariant()));
        }

        if (channel != SimulatedChannel.TwilioWhatsApp)
        {
            return fields;
        }

        fields.Add(new("ProfileName", profile.Name));
        fields.Add(new("WaId", profile.Phone.TrimStart('+')));
        fields.Add(new("Forwarded", "false"));
        fields.Add(new("FrequentlyForwarded", "false"));
        if (message.IsButton)
        {
            fields.Add(new("MessageType", "button"));
            fields.Add(new("ButtonText", message.ButtonText ?? message.ButtonId ?? ""));
            fields.Add(new("ButtonPayload", message.ButtonId ?? message.ButtonText ?? ""));
            fields.Add(new("ButtonType", "REPLY"));
        }
        else if (message.IsLocation)
        {
            fields.Add(new("MessageType", "location"));
            fields.Add(new("Latitude", message.Latitude!.Value.ToString("R", CultureInfo.InvariantCulture)));
            fields.Add(new("Longitude", message.Longitude!.Value.ToString("R", CultureInfo.InvariantCulture)));
            if (message.LocationName is not null)
            {
                fields.Add(new("Label", message.LocationName));
            }
        }
        else
        {
            fields.Add(new("MessageType", "text"));
        }

        if (repliedTo is not null)
        {
            fields.Add(new("OriginalRepliedMessageSid", repliedTo.Sid));
            fields.Add(new("OriginalRepliedMessageSender", repliedTo.Sender));
        }
        else if (message.ReplyTo is not null)
        {
            fields.Add(new("OriginalRepliedMessageSid", message.ReplyTo));
        }

        return fields;
    }

    public static string ChannelInstallSid(string accountSid) =>
        "XE" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(accountSid)))[..32];

    public static string NewSid(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
