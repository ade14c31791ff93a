using System.Text.Json;
using System.Text.RegularExpressions;
using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Gateways.Phone;
using CrisisConsole.GatewaySimulator.Recipients;
using Microsoft.AspNetCore.Http;

namespace CrisisConsole.GatewaySimulator.Twilio;

/// <summary>A create-message form that passed validation, with the sender Twilio would use.</summary>
internal sealed partial record TwilioSendRequest(
    string To,
    string Recipient,
    string Sender,
    SimulatedChannel Channel,
    string? MessagingServiceSid,
    string? Body,
    int NumMedia,
    string? ContentSid,
    string? ContentVariables,
    string? StatusCallback)
{
    public const int MaxBodyLength = 1600;
    public const int MaxMedia = 10;
    public const int MaxCallbackLength = 4000;

    public bool IsTemplate => ContentSid is not null;

    /// <summary>Validates the form as Twilio does, in roughly Twilio's order, and picks the sender. Returns the error, if any.</summary>
    public static TwilioError? TryParse(IFormCollection form, TwilioOptions account, out TwilioSendRequest? request)
    {
        request = null;
        var to = Single(form, "To");
        if (string.IsNullOrWhiteSpace(to))
        {
            return TwilioErrors.MissingTo();
        }

        var whatsApp = TwilioAddress.IsWhatsApp(to);
        var recipient = TwilioAddress.StripChannel(to);
        if (!E164.IsValid(recipient))
        {
            return TwilioErrors.InvalidTo(to);
        }

        var from = Single(form, "From");
        var service = Single(form, "MessagingServiceSid");
        if (string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(service))
        {
            return TwilioErrors.MissingFrom();
        }

        if (!string.IsNullOrWhiteSpace(service) &&
            (!MessagingServiceSidPattern().IsMatch(service) || (account.MessagingServiceSid is { Length: > 0 } known && known != service)))
        {
            return TwilioErrors.InvalidMessagingService(service);
        }

        var ownSender = whatsApp ? TwilioAddress.WhatsAppPrefix + account.WhatsAppFrom : account.SmsFrom ?? "";
        string sender;
        if (!string.IsNullOrWhiteSpace(from))
        {
            if (TwilioAddress.IsWhatsApp(from) != whatsApp)
            {
                return TwilioErrors.ChannelMismatch();
            }

            if (!string.Equals(from, ownSender, StringComparison.OrdinalIgnoreCase))
            {
                return TwilioErrors.FromNotOwned(from);
            }

            sender = from;
        }
        else
        {
            sender = ownSender;
        }

        if (TwilioAddress.StripChannel(sender) == recipient)
        {
            return TwilioErrors.SameToAndFrom();
        }

        var body = Single(form, "Body");
        var media = form.TryGetValue("MediaUrl", out var mediaValues) ? mediaValues.Where(v => !string.IsNullOrEmpty(v)).ToList() : [];
        var contentSid = Single(form, "ContentSid");
        var contentVariables = Single(form, "ContentVariables");
        if (string.IsNullOrEmpty(body) && media.Count == 0 && string.IsNullOrEmpty(contentSid))
        {
            return TwilioErrors.MissingBody();
        }

        if (body is { Length: > MaxBodyLength })
        {
            return TwilioErrors.BodyTooLong();
        }

        if (media.Count > MaxMedia)
        {
            return TwilioErrors.TooManyMedia();
        }

        foreach (var url in media)
        {
            if (!IsHttpUrl(url!))
            {
                return TwilioErrors.InvalidMediaUrl(url!);
            }
        }

        if (!string.IsNullOrEmpty(contentSid) && !Configuration.SimulatorSettingsValidator.ContentSid().IsMatch(contentSid))
        {
            return TwilioErrors.InvalidContentSid();
        }

        if (!string.IsNullOrEmpty(contentVariables) && (string.IsNullOrEmpty(contentSid) || !IsJsonObject(contentVariables)))
        {
            return TwilioErrors.InvalidContentVariables();
        }

        var callback = Single(form, "StatusCallback");
        if (!string.IsNullOrEmpty(callback) && !IsValidCallback(callback))
        {
            return TwilioErrors.InvalidStatusCallback(callback);
        }

        request = new TwilioSendRequest(
            to, recipient, sender, whatsApp ? SimulatedChannel.TwilioWhatsApp : SimulatedChannel.Sms,
            string.IsNullOrWhiteSpace(service) ? null : service,
            string.IsNullOrEmpty(body) ? null : body, media.Count,
            string.IsNullOrEmpty(contentSid) ? null : contentSid,
            string.IsNullOrEmpty(contentVariables) ? null : contentVariables,
            string.IsNullOrEmpty(callback) ? null : callback);
        return null;
    }

    private static string? Single(IFormCollection form, string key) => form.TryGetValue(key, out var values) ? values.ToString() : null;

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    // Twilio refuses callbacks that are not absolute http(s) URLs, whose host has an underscore, or that are over 4,000 characters.
    private static bool IsValidCallback(string url) =>
        url.Length <= MaxCallbackLength && IsHttpUrl(url) && !new Uri(url).Host.Contains('_');

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$")]
    private static partial Regex MessagingServiceSidPattern();
}
