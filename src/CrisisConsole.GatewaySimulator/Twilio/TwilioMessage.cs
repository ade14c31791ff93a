using CrisisConsole.GatewaySimulator.Configuration;
using CrisisConsole.GatewaySimulator.Recipients;

namespace CrisisConsole.GatewaySimulator.Twilio;

/// <summary>A Message resource as the simulator holds it. Status fields change under <see cref="Gate"/>.</summary>
internal sealed class TwilioMessage
{
    public Lock Gate { get; } = new();

    public required string Sid { get; init; }

    public required string AccountSid { get; init; }

    /// <summary>As given, with the whatsapp: prefix for WhatsApp.</summary>
    public required string To { get; init; }

    /// <summary>The sender actually used (with its prefix); hidden as from:null while a Messaging Service has not picked it.</summary>
    public required string Sender { get; init; }

    public required SimulatedChannel Channel { get; init; }

    public required string Direction { get; init; }

    public string? MessagingServiceSid { get; init; }

    public string? Body { get; set; }

    public int NumMedia { get; init; }

    public required int Segments { get; init; }

    public string? StatusCallback { get; init; }

    public string? ContentSid { get; init; }

    public IReadOnlyList<QuickReplyButton> Buttons { get; init; } = [];

    public required DateTimeOffset DateCreated { get; init; }

    public required string Status { get; set; }

    public DateTimeOffset DateUpdated { get; set; }

    public bool SenderChosen { get; set; }

    public int? ErrorCode { get; set; }

    public string? Price { get; set; }

    /// <summary>The person's number in E.164 without prefix: the recipient of an outbound message, the sender of an inbound one.</summary>
    public required string Person { get; init; }

    public TwilioMessageResource ToResource()
    {
        lock (Gate)
        {
            var counted = SenderChosen || MessagingServiceSid is null;
            return new TwilioMessageResource
            {
                AccountSid = AccountSid,
                Body = Body ?? "",
                DateCreated = TwilioDates.Format(DateCreated),
                DateSent = TwilioDates.Format(DateCreated),
                DateUpdated = TwilioDates.Format(DateUpdated),
                Direction = Direction,
                ErrorCode = ErrorCode,
                ErrorMessage = ErrorCode is { } code ? TwilioErrors.Describe(code) : null,
                From = counted ? Sender : null,
                MessagingServiceSid = MessagingServiceSid,
                NumMedia = NumMedia.ToString(System.Globalization.CultureInfo.InvariantCulture),
                NumSegments = (counted ? Segments : 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Price = Price,
                PriceUnit = Price is null ? null : "USD",
                Sid = Sid,
                Status = Status,
                SubresourceUris = new Dictionary<string, string> { ["media"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}/Media.json" },
                To = To,
                Uri = $"/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
            };
        }
    }
}

internal static class TwilioAddress
{
    public const string WhatsAppPrefix = "whatsapp:";

    public static bool IsWhatsApp(string address) => address.StartsWith(WhatsAppPrefix, StringComparison.OrdinalIgnoreCase);

    public static string StripChannel(string address) => IsWhatsApp(address) ? address[WhatsAppPrefix.Length..] : address;
}

internal static class TwilioDates
{
    /// <summary>RFC 2822 in GMT, e.g. "Thu, 24 Aug 2023 05:01:45 +0000".</summary>
    public static string Format(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", System.Globalization.CultureInfo.InvariantCulture);
}
