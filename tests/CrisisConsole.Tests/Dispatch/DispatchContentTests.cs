using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;

namespace CrisisConsole.Tests.Dispatch;

/// <summary>What each recipient receives: language, channel, template or free text, drill label.</summary>
public sealed class DispatchContentTests(FakeGatewayApp fixture) : IClassFixture<FakeGatewayApp>
{
    private DispatchData Data => fixture.Data;
    private FakeGateways Gateways => fixture.Gateways;

    [Fact]
    public async Task An_approved_broadcast_is_sent_to_everyone_once_and_completes()
    {
        var template = await Data.TemplateAsync();
        var contacts = await Data.ContactsAsync(25);
        var id = await Data.BroadcastAsync(template, contacts);

        await Data.WaitForStateAsync(id, BroadcastState.Completed);

        var deliveries = await Data.DeliveriesAsync(id);
        Assert.All(deliveries, d => Assert.NotNull(d.ProviderMessageId));
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Queued, d.Status));
        Assert.All(deliveries, d => Assert.Null(d.NextAttemptAt));
        Assert.All(deliveries, d => Assert.Single(Gateways.Sms.CallsFor(d.Id)));
        var broadcast = await Data.BroadcastAsync(id);
        Assert.NotNull(broadcast.SendingStartedAt);
        Assert.NotNull(broadcast.CompletedAt);
        var actions = (await Data.AuditAsync(id)).Select(a => a.Action).ToList();
        Assert.Equal([AuditActions.BroadcastSending, AuditActions.BroadcastCompleted], actions);
    }

    [Fact]
    public async Task Each_recipient_gets_their_own_language_or_else_the_default()
    {
        var template = await Data.TemplateAsync();
        var french = (await Data.ContactsAsync(1, "fr-CA"))[0];
        var german = (await Data.ContactsAsync(1, "de"))[0];
        var id = await Data.BroadcastAsync(template, [french, german]);

        await Data.WaitForStateAsync(id, BroadcastState.Completed);

        Assert.Equal("Acme : Flood warning. Répondez SAFE ou HELP.", SmsTextTo(french.Phone));
        Assert.Equal("Acme: Flood warning. Reply SAFE or HELP.", SmsTextTo(german.Phone));
    }

    [Fact]
    public async Task A_drill_is_labelled_in_each_recipients_language()
    {
        var template = await Data.TemplateAsync();
        var french = (await Data.ContactsAsync(1, "fr"))[0];
        var english = (await Data.ContactsAsync(1, "en"))[0];
        var id = await Data.BroadcastAsync(template, [french, english], isDrill: true);

        await Data.WaitForStateAsync(id, BroadcastState.Completed);

        Assert.Equal("[EXERCICE] Acme : Flood warning. Répondez SAFE ou HELP.", SmsTextTo(french.Phone));
        Assert.Equal("[DRILL] Acme: Flood warning. Reply SAFE or HELP.", SmsTextTo(english.Phone));
    }

    [Fact]
    public async Task WhatsApp_outside_the_window_sends_the_approved_Meta_template_with_the_drill_label_in_its_first_parameter()
    {
        var template = await Data.TemplateAsync("safety_check");
        var french = (await Data.ContactsAsync(1, "fr", lastInboundWhatsAppAt: null))[0];
        var id = await Data.BroadcastAsync(template, [french], ChannelPolicy.WhatsAppOnly, GatewayProvider.MetaWhatsApp, isDrill: true);

        await Data.WaitForStateAsync(id, BroadcastState.Completed);

        var message = Assert.Single(Gateways.Meta.Calls, c => c.Message.To == french.Phone).Message;
        Assert.Null(message.Text);
        Assert.Equal("safety_check", message.MetaTemplate!.Name);
        Assert.Equal("fr", message.MetaTemplate.LanguageCode);
        Assert.Equal(["[EXERCICE] Acme", "Flood warning"], message.MetaTemplate.BodyParameters!);
        Assert.Equal(["SAFE", "HELP"], message.QuickReplies.Select(r => r.Id));
    }

    [Fact]
    public async Task WhatsApp_outside_the_window_sends_the_Twilio_content_template_with_numbered_variables()
    {
        var template = await Data.TemplateAsync();
        var english = (await Data.ContactsAsync(1, "en", lastInboundWhatsAppAt: Data.Now - TimeSpan.FromHours(30)))[0];
        var id = await Data.BroadcastAsync(template, [english], ChannelPolicy.WhatsAppOnly, GatewayProvider.TwilioWhatsApp);

        await Data.WaitForStateAsync(id, BroadcastState.Completed);

        var message = Assert.Single(Gateways.TwilioWhatsApp.Calls, c => c.Message.To == english.Phone).Message;
        Assert.Null(message.Text);
        Assert.Equal(template.Variants.Single(v => v.Language == "en").TwilioContentSid, message.TwilioContent!.ContentSid);
        Assert.Equal(new Dictionary<string, string> { ["1"] = "Acme", ["2"] = "Flood warning" }, message.TwilioContent.Variables);
    }

    [Fact]
    public async Task WhatsApp_inside_the_window_sends_free_text_with_the_quick_replies()
    {
        var template = await Data.TemplateAsync();
        var french = (await Data.ContactsAsync(1, "fr", lastInboundWhatsAppAt: Data.Now - TimeSpan.FromHours(2)))[0];
        var id = await Data.BroadcastAsync(template, [french], ChannelPolicy.WhatsAppOnly, GatewayProvider.MetaWhatsApp, isDrill: true);

        await Data.WaitForStateAsync(id, BroadcastState.Completed);

        var message = Assert.Single(Gateways.Meta.Calls, c => c.Message.To == french.Phone).Message;
        Assert.Null(message.MetaTemplate);
        Assert.Equal("[EXERCICE] Acme : Flood warning. Répondez SAFE ou HELP.", message.Text);
        Assert.Equal([("SAFE", "Je vais bien"), ("HELP", "J'ai besoin d'aide")], message.QuickReplies.Select(r => (r.Id, r.Title)));
    }

    [Fact]
    public async Task A_variable_without_value_fails_the_delivery_with_a_clear_reason_instead_of_sending_braces()
    {
        var template = await Data.TemplateAsync();
        var contact = (await Data.ContactsAsync(1))[0];
        var id = await Data.BroadcastAsync(template, [contact], values: new Dictionary<string, string> { ["org"] = "Acme" });

        await Data.WaitForStateAsync(id, BroadcastState.Completed);

        var delivery = Assert.Single(await Data.DeliveriesAsync(id));
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal("content_problem", delivery.ErrorCode);
        Assert.Contains("event", delivery.ErrorReason);
        Assert.DoesNotContain(Gateways.Sms.Calls, c => c.Message.To == contact.Phone);
    }

    private string SmsTextTo(string phone) => Assert.Single(Gateways.Sms.Calls, c => c.Message.To == phone).Message.Text!;
}
