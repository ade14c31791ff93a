using System.Text.Json;
using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Retries;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Gateways.Twilio;

/// <summary>
/// WhatsApp through Twilio: "whatsapp:" on both To and From, and either free text (Body, inside the
/// 24-hour window) or an approved Content template (ContentSid + ContentVariables, without Body).
/// </summary>
public sealed class TwilioWhatsAppGateway(HttpClient http, GatewayEndpoints endpoints, IOptions<GatewayOptions> options, SendRetryPolicy retries, TimeProvider time)
    : TwilioMessagingGateway(http, endpoints, options, retries, time)
{
    public const string AddressPrefix = "whatsapp:";

    public override MessageChannel Channel => MessageChannel.WhatsApp;

    public override GatewayProvider Provider => GatewayProvider.TwilioWhatsApp;

    protected override string SenderSettingName => "Gateways:Twilio:WhatsAppFrom";

    protected override string? SenderAddress(TwilioOptions twilio) =>
        string.IsNullOrWhiteSpace(twilio.WhatsAppFrom) ? null : WithPrefix(twilio.WhatsAppFrom.Trim());

    protected override string RecipientAddress(string e164) => WithPrefix(e164);

    protected override void AddContent(List<KeyValuePair<string, string>> form, OutboundMessage message)
    {
        if (message.TwilioContent is { } content)
        {
            form.Add(new("ContentSid", content.ContentSid));
            if (content.Variables is { Count: > 0 } variables)
            {
                // A JSON object serialised into one form field, as Twilio expects.
                form.Add(new("ContentVariables", JsonSerializer.Serialize(variables)));
            }

            return;
        }

        form.Add(new("Body", message.Text!));
    }

    private static string WithPrefix(string address) =>
        address.StartsWith(AddressPrefix, StringComparison.OrdinalIgnoreCase) ? address : AddressPrefix + address;
}
