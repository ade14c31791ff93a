using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Tests.Webhooks;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Dispatch;

/// <summary>Retries of transient failures, no retry of permanent ones, and the SMS fallback in all its forms.</summary>
public sealed class DispatchRetryAndFallbackTests(FakeGatewayApp fixture) : IClassFixture<FakeGatewayApp>
{
    private DispatchData Data => fixture.Data;
    private FakeGateways Gateways => fixture.Gateways;

    [Fact]
    public async Task A_transient_failure_is_sent_again_no_sooner_than_Retry_After_and_then_succeeds()
    {
        var (id, contact) = await OneRecipientAsync(ChannelPolicy.SmsOnly);
        var retryAfter = TimeSpan.FromMilliseconds(400);
        Gateways.Sms.Answer = (message, attempt) => message.To == contact.Phone && attempt == 1
            ? new SendResult.TransientFailure(retryAfter, "20429", "Too many requests")
            : Gateways.Sms.Accept();

        await Data.WaitForStateAsync(id, BroadcastState.Completed);

        var delivery = Assert.Single(await Data.DeliveriesAsync(id));
        var calls = Gateways.Sms.CallsFor(delivery.Id);
        Assert.Equal(2, calls.Count);
        Assert.True(calls[1].At - calls[0].At >= retryAfter, "The retry came before the provider's Retry-After.");
        Assert.Equal(2, delivery.AttemptCount);
        Assert.Equal(DeliveryStatus.Queued, delivery.Status);
        Assert.Null(delivery.ErrorCode);
    }

    [Fact]
    public async Task Transient_failures_give_up_after_the_maximum_attempts()
    {
        var (id, contact) = await OneRecipientAsync(ChannelPolicy.SmsOnly);
        Gateways.Sms.Answer = (message, _) => message.To == contact.Phone
            ? new SendResult.TransientFailure(null, "http_503", "Service unavailable")
            : Gateways.Sms.Accept();

        await Data.WaitForStateAsync(id, BroadcastState.Completed);

        var delivery = Assert.Single(await Data.DeliveriesAsync(id));
        Assert.Equal(5, Gateways.Sms.CallsFor(delivery.Id).Count);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal("http_503", delivery.ErrorCode);
        Assert.StartsWith("Gave up after 5 attempts", delivery.ErrorReason);
    }

    [Fact]
    public async Task A_permanent_failure_is_never_retried()
    {
        var (id, contact) = await OneRecipientAsync(ChannelPolicy.SmsOnly);
        Gateways.Sms.Answer = (message, _) => message.To == contact.Phone
            ? new SendResult.PermanentFailure("21211", "Invalid 'To' phone number", PermanentFailureKind.InvalidNumber)
            : Gateways.Sms.Accept();

        await Data.WaitForStateAsync(id, BroadcastState.Completed);

        var delivery = Assert.Single(await Data.DeliveriesAsync(id));
        Assert.Single(Gateways.Sms.CallsFor(delivery.Id));
        Assert.Equal((DeliveryStatus.Failed, "21211", 1), (delivery.Status, delivery.ErrorCode, delivery.AttemptCount));
    }

    [Fact]
    public async Task A_permanent_WhatsApp_failure_falls_back_to_SMS()
    {
        var (id, contact) = await OneRecipientAsync(ChannelPolicy.WhatsAppThenSms);
        Gateways.Meta.Answer = (message, _) => message.To == contact.Phone
            ? new SendResult.PermanentFailure("131026", "Message undeliverable", PermanentFailureKind.NotOnWhatsApp)
            : Gateways.Meta.Accept();

        await Data.WaitForStateAsync(id, BroadcastState.Completed);

        var deliveries = await Data.DeliveriesAsync(id);
        var whatsApp = Assert.Single(deliveries, d => d.Channel == MessageChannel.WhatsApp);
        var sms = Assert.Single(deliveries, d => d.Channel == MessageChannel.Sms);
        Assert.Equal((DeliveryStatus.Failed, "131026"), (whatsApp.Status, whatsApp.ErrorCode));
        Assert.Equal(whatsApp.Id, sms.FallbackForDeliveryId);
        Assert.Equal((GatewayProvider.TwilioSms, DeliveryStatus.Queued, contact.Phone), (sms.Provider, sms.Status, sms.ToAddress));
        Assert.Equal("Acme: Flood warning. Reply SAFE or HELP.", Assert.Single(Gateways.Sms.CallsFor(sms.Id)).Message.Text);
    }

    [Fact]
    public async Task With_WhatsApp_only_a_permanent_failure_does_not_fall_back()
    {
        var (id, contact) = await OneRecipientAsync(ChannelPolicy.WhatsAppOnly);
        Gateways.Meta.Answer = (message, _) => message.To == contact.Phone
            ? new SendResult.PermanentFailure("131026", "Message undeliverable", PermanentFailureKind.NotOnWhatsApp)
            : Gateways.Meta.Accept();

        await Data.WaitForStateAsync(id, BroadcastState.Completed);

        var delivery = Assert.Single(await Data.DeliveriesAsync(id));
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.DoesNotContain(Gateways.Sms.Calls, c => c.Message.To == contact.Phone);
    }

    [Fact]
    public async Task Someone_who_blocked_the_WhatsApp_sender_gets_no_SMS_instead()
    {
        var (id, contact) = await OneRecipientAsync(ChannelPolicy.WhatsAppThenSms);
        Gateways.Meta.Answer = (message, _) => message.To == contact.Phone
            ? new SendResult.PermanentFailure("131050", "User stopped marketing messages", PermanentFailureKind.OptedOut)
            : Gateways.Meta.Accept();

        await Data.WaitForStateAsync(id, BroadcastState.Completed);

        Assert.Single(await Data.DeliveriesAsync(id));
        Assert.DoesNotContain(Gateways.Sms.Calls, c => c.Message.To == contact.Phone);
    }

    [Fact]
    public async Task WhatsApp_not_delivered_within_the_fallback_time_is_sent_again_by_SMS()
    {
        var (id, contact) = await OneRecipientAsync(ChannelPolicy.WhatsAppThenSms, fallbackMinutes: 5);
        await fixture.App.WaitUntilAsync(db => db.Set<Delivery>().AnyAsync(d => d.BroadcastId == id && d.ProviderMessageId != null && d.ClaimedAt == null),
            "the WhatsApp message is accepted");

        // Accepted but not delivered: the broadcast waits for the fallback timer, and sends nothing else yet.
        var waiting = Assert.Single(await Data.DeliveriesAsync(id));
        Assert.NotNull(waiting.NextAttemptAt);
        Assert.Equal(BroadcastState.Sending, (await Data.BroadcastAsync(id)).State);

        fixture.Clock.Advance(TimeSpan.FromMinutes(6));
        await Data.WaitForStateAsync(id, BroadcastState.Completed);

        var deliveries = await Data.DeliveriesAsync(id);
        var sms = Assert.Single(deliveries, d => d.Channel == MessageChannel.Sms);
        Assert.Equal(waiting.Id, sms.FallbackForDeliveryId);
        Assert.Single(Gateways.Sms.CallsFor(sms.Id));
        // The WhatsApp message keeps its own status: it may still arrive.
        Assert.Equal(DeliveryStatus.Accepted, deliveries.Single(d => d.Id == waiting.Id).Status);
    }

    [Fact]
    public async Task A_delivered_WhatsApp_message_needs_no_fallback_and_the_broadcast_completes()
    {
        var (id, contact) = await OneRecipientAsync(ChannelPolicy.WhatsAppThenSms, fallbackMinutes: 30);
        var delivery = await AcceptedAsync(id);

        await PostMetaAsync(SignedWebhooks.MetaStatuses(SignedWebhooks.MetaStatus(delivery.ProviderMessageId!, "delivered", timestamp: Data.Now.ToUnixTimeSeconds())));

        await Data.WaitForStateAsync(id, BroadcastState.Completed);
        Assert.Single(await Data.DeliveriesAsync(id));
        Assert.DoesNotContain(Gateways.Sms.Calls, c => c.Message.To == contact.Phone);
    }

    [Fact]
    public async Task A_window_closed_failure_reported_later_by_Twilio_falls_back_to_SMS()
    {
        var (id, contact) = await OneRecipientAsync(ChannelPolicy.WhatsAppThenSms, GatewayProvider.TwilioWhatsApp, fallbackMinutes: 30);
        var delivery = await AcceptedAsync(id);

        var query = $"?{WebhookPaths.DeliveryQueryParameter}={delivery.Id}";
        var fields = SignedWebhooks.TwilioStatusFields(delivery.ProviderMessageId!, "undelivered", "63016", whatsApp: true);
        using var client = fixture.App.Client();
        using var request = SignedWebhooks.Twilio(WebhookPaths.TwilioStatus, fields, query,
            signedUrl: fixture.App.BaseUrl + WebhookPaths.TwilioStatus + query, authToken: DispatchApp.TwilioAuthToken);
        (await client.SendAsync(request)).EnsureSuccessStatusCode();

        await Data.WaitForStateAsync(id, BroadcastState.Completed);
        var sms = Assert.Single(await Data.DeliveriesAsync(id), d => d.Channel == MessageChannel.Sms);
        Assert.Equal(delivery.Id, sms.FallbackForDeliveryId);
        Assert.Single(Gateways.Sms.CallsFor(sms.Id));
    }

    [Fact]
    public async Task A_re_engagement_failure_reported_later_by_Meta_falls_back_to_SMS()
    {
        var (id, _) = await OneRecipientAsync(ChannelPolicy.WhatsAppThenSms, fallbackMinutes: 30);
        var delivery = await AcceptedAsync(id);

        await PostMetaAsync(SignedWebhooks.MetaStatuses(SignedWebhooks.MetaStatus(delivery.ProviderMessageId!, "failed", "131047",
            delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Data.Now.ToUnixTimeSeconds())));

        await Data.WaitForStateAsync(id, BroadcastState.Completed);
        var deliveries = await Data.DeliveriesAsync(id);
        Assert.Equal((DeliveryStatus.Failed, "131047"), (deliveries.Single(d => d.Id == delivery.Id).Status, deliveries.Single(d => d.Id == delivery.Id).ErrorCode));
        var sms = Assert.Single(deliveries, d => d.Channel == MessageChannel.Sms);
        Assert.Single(Gateways.Sms.CallsFor(sms.Id));
    }

    [Fact]
    public async Task Someone_who_opted_out_after_approval_is_never_sent_to_and_gets_no_fallback()
    {
        var template = await Data.TemplateAsync();
        var contacts = await Data.ContactsAsync(3);
        var id = await Data.BroadcastAsync(template, contacts, ChannelPolicy.WhatsAppThenSms, scheduledFor: Data.Now + TimeSpan.FromHours(1));
        var leaver = contacts[1];
        Assert.True(await fixture.App.Get<ContactService>().ChangeConsentAsync(leaver.Id, ConsentStatus.OptedOut, "STOP", Web.Features.Audit.AuditActor.System));

        fixture.Clock.Advance(TimeSpan.FromHours(1));

        await Data.WaitForStateAsync(id, BroadcastState.Sending);
        await Data.WaitUntilAsync(id, ds => ds.Count(d => d.ProviderMessageId != null) == 2 && ds.All(d => d.ClaimedAt == null), "the others are sent");
        var deliveries = await Data.DeliveriesAsync(id);
        var refused = Assert.Single(deliveries, d => d.ContactId == leaver.Id);
        Assert.Equal((DeliveryStatus.Failed, "opted_out"), (refused.Status, refused.ErrorCode));
        Assert.Null(refused.NextAttemptAt);
        Assert.DoesNotContain(Gateways.Meta.Calls, c => c.Message.To == leaver.Phone);
        Assert.DoesNotContain(Gateways.Sms.Calls, c => c.Message.To == leaver.Phone);
    }

    private async Task<(int Id, Contact Contact)> OneRecipientAsync(ChannelPolicy policy, GatewayProvider whatsApp = GatewayProvider.MetaWhatsApp,
        int? fallbackMinutes = null)
    {
        var template = await Data.TemplateAsync();
        var contact = (await Data.ContactsAsync(1))[0];
        return (await Data.BroadcastAsync(template, [contact], policy, whatsApp, fallbackMinutes: fallbackMinutes), contact);
    }

    private async Task<Delivery> AcceptedAsync(int broadcastId)
    {
        await fixture.App.WaitUntilAsync(db => db.Set<Delivery>().AnyAsync(d => d.BroadcastId == broadcastId && d.ProviderMessageId != null && d.ClaimedAt == null),
            "the WhatsApp message is accepted");
        return Assert.Single(await Data.DeliveriesAsync(broadcastId));
    }

    private async Task PostMetaAsync(string json)
    {
        using var client = fixture.App.Client();
        using var request = SignedWebhooks.Meta(json, DispatchApp.MetaAppSecret);
        (await client.SendAsync(request)).EnsureSuccessStatusCode();
    }
}
