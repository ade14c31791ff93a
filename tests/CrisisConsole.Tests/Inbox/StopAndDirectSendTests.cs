using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Tests.Dispatch;
using CrisisConsole.Tests.Webhooks;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Dispatch;
using CrisisConsole.Web.Features.Inbox;
using CrisisConsole.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Inbox;

/// <summary>
/// The running app (messaging service and direct-message sender on, fake gateways): a STOP keeps the person
/// out of a broadcast already approved, and direct messages go out, retrying transient failures.
/// </summary>
public sealed class StopAndDirectSendTests : FakeGatewayApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Dispatch:WhatsAppProvider"] = nameof(GatewayProvider.TwilioWhatsApp),
    };

    [Fact]
    public async Task Stop_excludes_the_person_from_a_pending_broadcast_send_and_queues_one_confirmation_that_is_sent()
    {
        var template = await Data.TemplateAsync();
        var contacts = await Data.ContactsAsync(3);
        var stopper = contacts[1];
        // Approved for a minute from now: its deliveries are pending when the STOP arrives.
        var broadcastId = await Data.BroadcastAsync(template, contacts, ChannelPolicy.SmsOnly, scheduledFor: Data.Now.AddMinutes(1));

        await InboundAsync(stopper.Phone, "STOP", MessageChannel.WhatsApp);
        Clock.Advance(TimeSpan.FromMinutes(2));

        await App.WaitUntilAsync(async db => await db.Set<Delivery>().CountAsync(d => d.BroadcastId == broadcastId && d.Status != DeliveryStatus.Pending) == 3,
            "every delivery of the broadcast to be settled");
        await using var check = App.Db();
        var refused = await check.Set<Delivery>().SingleAsync(d => d.BroadcastId == broadcastId && d.ContactId == stopper.Id);
        Assert.Equal((DeliveryStatus.Failed, DispatchErrorCodes.OptedOut), (refused.Status, refused.ErrorCode));
        Assert.DoesNotContain(Gateways.Sms.Calls, c => c.Message.To == stopper.Phone);
        Assert.Equal(2, Gateways.Sms.Calls.Count(c => contacts.Any(p => p.Phone == c.Message.To)));

        // The one confirmation goes out on WhatsApp, through the provider the person wrote to.
        await App.WaitUntilAsync(async db => await db.Set<Delivery>().AnyAsync(d => d.BroadcastId == null && d.ToAddress == stopper.Phone && d.ProviderMessageId != null),
            "the opt-out confirmation to be sent");
        var confirmation = Assert.Single(Gateways.TwilioWhatsApp.Calls, c => c.Message.To == stopper.Phone);
        Assert.Equal(ConsentConfirmationTexts.OptOut["en"], confirmation.Message.Text);
    }

    [Fact]
    public async Task A_direct_message_is_retried_after_a_transient_failure_and_its_provider_id_recorded()
    {
        var contact = (await Data.ContactsAsync(1, lastInboundWhatsAppAt: DateTimeOffset.UtcNow.AddHours(-1)))[0];
        Gateways.TwilioWhatsApp.Answer = (message, attempt) => message.To == contact.Phone && attempt == 1
            ? new SendResult.TransientFailure(TimeSpan.Zero, "20429", "Too many requests")
            : Gateways.TwilioWhatsApp.Accept();

        var result = await App.Get<DirectMessageOutbox>().QueueAsync(
            new DirectMessageRequest(contact.Id, contact.Phone, MessageChannel.WhatsApp, DirectMessageKind.Reply, "We are coming.", null, AuditActor.System), default);

        Assert.True(result.Queued, result.Error);
        await App.WaitUntilAsync(async db => await db.Set<Delivery>().AnyAsync(d => d.BroadcastId == null && d.ContactId == contact.Id && d.ProviderMessageId != null),
            "the reply to be accepted");
        await using var db = App.Db();
        var delivery = await db.Set<Delivery>().SingleAsync(d => d.BroadcastId == null && d.ContactId == contact.Id);
        Assert.Equal((DeliveryStatus.Queued, 2, (DateTimeOffset?)null), (delivery.Status, delivery.AttemptCount, delivery.ClaimedAt));
        Assert.Equal(2, Gateways.TwilioWhatsApp.Calls.Count(c => c.Message.To == contact.Phone));
    }

    private async Task InboundAsync(string from, string text, MessageChannel channel)
    {
        var inbound = new InboundEvent
        {
            Provider = channel == MessageChannel.Sms ? GatewayProvider.TwilioSms : GatewayProvider.TwilioWhatsApp,
            ProviderMessageId = SignedWebhooks.NewTwilioSid(),
            Channel = channel,
            From = from,
            Kind = InboundKind.Text,
            Text = text,
        };
        await App.Get<WebhookRecorder>().RecordAsync(WebhookSource.Twilio, WebhookKind.Inbound, "test", null, [inbound], default);
    }
}
