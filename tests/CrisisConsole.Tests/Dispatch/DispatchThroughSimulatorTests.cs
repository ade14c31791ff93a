using CrisisConsole.Gateways.Messaging;
using CrisisConsole.GatewaySimulator.Admin;
using CrisisConsole.GatewaySimulator.Faults;
using CrisisConsole.Web.Features.Broadcasts;

namespace CrisisConsole.Tests.Dispatch;

/// <summary>The real app sending through its built-in simulator over real HTTP, with quick status progress.</summary>
public sealed class SimulatedApp : IAsyncLifetime
{
    public DispatchApp App { get; private set; } = null!;

    public DispatchData Data => new(App);

    public async Task InitializeAsync() => App = await DispatchApp.StartAsync(new Dictionary<string, string?>
    {
        // Long enough for a status callback to name a message whose send answer was lost.
        ["Dispatch:ReconcileDelay"] = "00:00:02",
        ["GatewaySimulator:Meta:AcceptedToSentMs"] = "50",
        ["GatewaySimulator:Meta:SentToDeliveredMs"] = "100",
        ["GatewaySimulator:Meta:JitterPercent"] = "0",
        ["GatewaySimulator:Twilio:QueuedToSendingMs"] = "50",
        ["GatewaySimulator:Twilio:SendingToSentMs"] = "50",
        ["GatewaySimulator:Twilio:SentToDeliveredMs"] = "100",
        ["GatewaySimulator:Twilio:JitterPercent"] = "0",
        ["GatewaySimulator:RateLimits:TwilioEnabled"] = "false",
        ["GatewaySimulator:RateLimits:MetaEnabled"] = "false",
    });

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class DispatchThroughSimulatorTests(SimulatedApp fixture) : IClassFixture<SimulatedApp>
{
    private DispatchData Data => fixture.Data;
    private FaultInjector Faults => fixture.App.Get<FaultInjector>();
    private ReceivedCounts Received => fixture.App.Get<SimulatorCounters>().Snapshot().Received;

    [Fact]
    public async Task A_WhatsApp_template_broadcast_is_delivered_and_completes_without_any_fallback()
    {
        var template = await Data.TemplateAsync("crisis_check_in", oneVariable: true);
        var contacts = await Data.ContactsAsync(20);
        var before = Received.Meta;

        var id = await Data.BroadcastAsync(template, contacts, ChannelPolicy.WhatsAppThenSms, fallbackMinutes: 30);

        await Data.WaitForStateAsync(id, BroadcastState.Completed);
        var deliveries = await Data.DeliveriesAsync(id);
        Assert.Equal(20, deliveries.Count);
        Assert.All(deliveries, d => Assert.True(d.Status is DeliveryStatus.Delivered or DeliveryStatus.Read, $"Delivery {d.Id} is {d.Status} ({d.ErrorCode} {d.ErrorReason})"));
        Assert.Equal(20, Received.Meta - before);
    }

    [Fact]
    public async Task A_Twilio_send_whose_answer_was_lost_is_found_by_listing_and_not_sent_twice()
    {
        var template = await Data.TemplateAsync();
        var contact = (await Data.ContactsAsync(1))[0];
        Faults.Add(new FaultRule { Target = FaultTarget.Twilio, Kind = FaultKind.TimeoutAfterAccept, HangMilliseconds = 0, Remaining = 1, Recipient = contact.Phone });
        var before = Received.TwilioSms;

        var id = await Data.BroadcastAsync(template, [contact]);

        await Data.WaitForStateAsync(id, BroadcastState.Completed);
        var delivery = Assert.Single(await Data.DeliveriesAsync(id));
        Assert.StartsWith("SM", delivery.ProviderMessageId);
        Assert.Equal(1, delivery.AttemptCount);
        Assert.Equal(1, Received.TwilioSms - before);
    }

    [Fact]
    public async Task A_Meta_send_whose_answer_was_lost_is_named_by_its_status_callback_and_not_sent_twice()
    {
        var template = await Data.TemplateAsync("crisis_check_in", oneVariable: true);
        var contact = (await Data.ContactsAsync(1))[0];
        Faults.Add(new FaultRule { Target = FaultTarget.Meta, Kind = FaultKind.TimeoutAfterAccept, HangMilliseconds = 0, Remaining = 1, Recipient = contact.Phone });
        var before = Received.Meta;

        var id = await Data.BroadcastAsync(template, [contact], ChannelPolicy.WhatsAppOnly);

        await Data.WaitForStateAsync(id, BroadcastState.Completed);
        var delivery = Assert.Single(await Data.DeliveriesAsync(id));
        Assert.StartsWith("wamid.", delivery.ProviderMessageId);
        Assert.Equal(1, Received.Meta - before);
    }

    [Fact]
    public async Task Not_on_WhatsApp_reported_by_callback_falls_back_to_an_SMS_that_is_delivered()
    {
        var template = await Data.TemplateAsync("crisis_check_in", oneVariable: true);
        var contact = (await Data.ContactsAsync(1))[0];
        Faults.Add(new FaultRule { Target = FaultTarget.Meta, Kind = FaultKind.FailAfterAccept, ErrorCode = 131026, Remaining = 1, Recipient = contact.Phone });

        var id = await Data.BroadcastAsync(template, [contact], ChannelPolicy.WhatsAppThenSms, fallbackMinutes: 30);

        await Data.WaitUntilAsync(id, ds => ds.Any(d => d.Channel == MessageChannel.Sms && d.Status == DeliveryStatus.Delivered), "the SMS fallback is delivered");
        var deliveries = await Data.DeliveriesAsync(id);
        var whatsApp = Assert.Single(deliveries, d => d.Channel == MessageChannel.WhatsApp);
        Assert.Equal((DeliveryStatus.Failed, "131026"), (whatsApp.Status, whatsApp.ErrorCode));
        Assert.Equal(whatsApp.Id, Assert.Single(deliveries, d => d.Channel == MessageChannel.Sms).FallbackForDeliveryId);
        await Data.WaitForStateAsync(id, BroadcastState.Completed);
    }
}
