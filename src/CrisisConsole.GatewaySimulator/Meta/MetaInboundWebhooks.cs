using CrisisConsole.Gateways.Configuration;
using CrisisConsole.GatewaySimulator.Callbacks;
using CrisisConsole.GatewaySimulator.Configuration;
using CrisisConsole.GatewaySimulator.Recipients;
using CrisisConsole.GatewaySimulator.Storage;
using Microsoft.Extensions.Options;

namespace CrisisConsole.GatewaySimulator.Meta;

/// <summary>
/// A person writing to the business on WhatsApp through Meta: opens the 24-hour window and posts the
/// "messages" webhook, with context.id when it answers a message (button replies always do).
/// </summary>
internal sealed class MetaInboundWebhooks(
    IOptions<GatewayOptions> gateways,
    GatewayEndpoints endpoints,
    MessageStore<MetaMessage> store,
    ConversationWindows windows,
    CallbackQueue callbacks,
    SimulatorSettingsStore settings,
    TimeProvider time)
{
    public InboundResult Send(string person, InboundMessage message)
    {
        var meta = gateways.Value.WhatsAppCloud;
        var phoneNumberId = meta.PhoneNumberId ?? "";
        var current = settings.Current;
        var wamid = MetaIds.NewWamid(person);
        var now = time.GetUtcNow();
        var repliedTo = message.ReplyTo is null ? null : store.Find(message.ReplyTo);
        var profile = RecipientProfile.For(person, current.Recipients);

        store.Add(wamid, new MetaMessage
        {
            Id = wamid,
            PhoneNumberId = phoneNumberId,
            Recipient = person,
            Direction = "inbound",
            Type = message.IsButton ? "interactive" : message.IsLocation ? "location" : "text",
            Text = message.Text ?? message.ButtonText,
            CreatedAt = now,
            UpdatedAt = now,
            Status = "received",
        });
        windows.RecordInbound(ConversationWindows.MetaSender(phoneNumberId), person, now);

        if (endpoints.PublicBaseUrl is not { } publicBase)
        {
            return new InboundResult(wamid, "Gateways:PublicBaseUrl is not known yet, so the inbound webhook was not sent.");
        }

        var body = MetaWebhookPayloads.Inbound(current.Meta, phoneNumberId, wamid, profile, message, repliedTo, now);
        var summary = message.IsButton ? "button " + message.ButtonId : message.IsLocation ? "location" : "text";
        callbacks.Enqueue(CallbackRequest.MetaJson(CallbackKind.MetaInbound, publicBase + MetaLifecycle.WebhookPath, body,
            meta.AppSecret ?? "", wamid, person, summary));
        return new InboundResult(wamid, null);
    }
}
