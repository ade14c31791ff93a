using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Retries;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Gateways.Twilio;

/// <summary>SMS through Twilio: plain E.164 addresses and a Body.</summary>
public sealed class TwilioSmsGateway(HttpClient http, GatewayEndpoints endpoints, IOptions<GatewayOptions> options, SendRetryPolicy retries, TimeProvider time)
    : TwilioMessagingGateway(http, endpoints, options, retries, time)
{
    public override MessageChannel Channel => MessageChannel.Sms;

    public override GatewayProvider Provider => GatewayProvider.TwilioSms;

    protected override string SenderSettingName => "Gateways:Twilio:SmsFrom";

    protected override string? SenderAddress(TwilioOptions twilio) =>
        string.IsNullOrWhiteSpace(twilio.SmsFrom) ? null : twilio.SmsFrom.Trim();

    protected override string RecipientAddress(string e164) => e164;

    protected override void AddContent(List<KeyValuePair<string, string>> form, OutboundMessage message) =>
        form.Add(new("Body", message.Text!));
}
