using CrisisConsole.Gateways.Configuration;
using CrisisConsole.GatewaySimulator.Callbacks;
using CrisisConsole.GatewaySimulator.Configuration;
using CrisisConsole.GatewaySimulator.Recipients;
using CrisisConsole.GatewaySimulator.Storage;
using Microsoft.Extensions.Options;

namespace CrisisConsole.GatewaySimulator.Twilio;

/// <summary>
/// A person texting the business through Twilio: records the message, applies STOP/START (the block
/// holds even if the app never hears of it), opens the WhatsApp window, and posts the signed form to
/// {PublicBaseUrl}/webhooks/twilio/inbound.
/// </summary>
internal sealed class TwilioInboundWebhooks(
    IOptions<GatewayOptions> gateways,
    GatewayEndpoints endpoints,
    MessageStore<TwilioMessage> store,
    TwilioOptOuts optOuts,
    ConversationWindows windows,
    CallbackQueue callbacks,
    SimulatorSettingsStore settings,
    TimeProvider time)
{
    public const string Path = "/webhooks/twilio/inbound";

    private const string StopReply = "You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.";
    private const string StartReply = "You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.";
    private const string HelpReply = "Reply STOP to unsubscribe. Msg&Data Rates May Apply.";

    public InboundResult Send(SimulatedChannel channel, string person, InboundMessage message)
    {
        var account = gateways.Value.Twilio;
        var whatsApp = channel == SimulatedChannel.TwilioWhatsApp;
        var business = whatsApp ? TwilioAddress.WhatsAppPrefix + account.WhatsAppFrom : account.SmsFrom ?? "";
        var from = whatsApp ? TwilioAddress.WhatsAppPrefix + person : person;
        var sid = TwilioCallbackFields.NewSid("SM");
        var now = time.GetUtcNow();
        var repliedTo = message.ReplyTo is null ? null : store.Find(message.ReplyTo);
        var profile = RecipientProfile.For(person, settings.Current.Recipients);
        var fields = TwilioCallbackFields.Inbound(sid, account.AccountSid ?? "", account.MessagingServiceSid, from, business, channel, message, profile, repliedTo);
        var body = message.Text ?? message.ButtonText ?? "";

        store.Add(sid, new TwilioMessage
        {
            Sid = sid,
            AccountSid = account.AccountSid ?? "",
            To = business,
            Sender = from,
            Person = person,
            Channel = channel,
            Direction = "inbound",
            Body = body,
            Segments = 1,
            DateCreated = now,
            DateUpdated = now,
            Status = "received",
            SenderChosen = true,
        });

        if (whatsApp)
        {
            windows.RecordInbound(ConversationWindows.TwilioSender(account.WhatsAppFrom ?? ""), person, now);
        }

        switch (TwilioOptOuts.Classify(body))
        {
            case OptOutKeyword.Stop:
                optOuts.Block(from, business);
                if (account.MessagingServiceSid is { Length: > 0 } service)
                {
                    optOuts.Block(from, service);
                }

                AutoReply(business, from, person, channel, StopReply, now);
                break;
            case OptOutKeyword.Start:
                optOuts.Unblock(from, business);
                if (account.MessagingServiceSid is { Length: > 0 } startService)
                {
                    optOuts.Unblock(from, startService);
                }

                AutoReply(business, from, person, channel, StartReply, now);
                break;
            case OptOutKeyword.Help:
                AutoReply(business, from, person, channel, HelpReply, now);
                break;
        }

        if (endpoints.PublicBaseUrl is not { } publicBase)
        {
            return new InboundResult(sid, "Gateways:PublicBaseUrl is not known yet, so the inbound webhook was not sent.");
        }

        var summary = message.IsButton ? "button " + message.ButtonId : message.IsLocation ? "location" : "text";
        callbacks.Enqueue(CallbackRequest.TwilioForm(CallbackKind.TwilioInbound, publicBase + Path, fields, account.AuthToken ?? "", sid, person, summary));
        return new InboundResult(sid, null);
    }

    // Twilio answers opt-out keywords itself; the reply is a message of its own, visible in the list.
    private void AutoReply(string business, string to, string person, SimulatedChannel channel, string text, DateTimeOffset now)
    {
        var sid = TwilioCallbackFields.NewSid("SM");
        store.Add(sid, new TwilioMessage
        {
            Sid = sid,
            AccountSid = gateways.Value.Twilio.AccountSid ?? "",
            To = to,
            Sender = business,
            Person = person,
            Channel = channel,
            Direction = "outbound-reply",
            Body = text,
            Segments = Gateways.Sms.SmsSegmentCounter.Count(text).Segments,
            DateCreated = now,
            DateUpdated = now,
            Status = "delivered",
            SenderChosen = true,
        });
    }
}
