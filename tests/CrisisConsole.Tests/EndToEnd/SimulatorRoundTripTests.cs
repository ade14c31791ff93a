using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.EndToEnd;

/// <summary>
/// Issue 3's "done when": with the app in Simulator mode, a message sent through each real client ends
/// delivered (or read) in the database, driven only by signed callbacks over HTTP.
/// </summary>
public sealed class SimulatorRoundTripTests : IAsyncLifetime
{
    private RunningConsole console = default!;

    public async Task InitializeAsync() => console = await RunningConsole.StartAsync(new Dictionary<string, string?>
    {
        // Every simulated person is on WhatsApp and sends read receipts, and nobody answers: this test is about statuses.
        ["GatewaySimulator:Recipients:NotOnWhatsAppPercent"] = "0",
        ["GatewaySimulator:Recipients:ReadReceiptsPercent"] = "100",
        ["GatewaySimulator:Recipients:SmsUnreachablePercent"] = "0",
        ["GatewaySimulator:Recipients:Enabled"] = "false",
    });

    public async Task DisposeAsync() => await console.DisposeAsync();

    [Theory]
    [InlineData(GatewayProvider.TwilioSms, DeliveryStatus.Delivered)]
    [InlineData(GatewayProvider.TwilioWhatsApp, DeliveryStatus.Read)]
    [InlineData(GatewayProvider.MetaWhatsApp, DeliveryStatus.Read)]
    public async Task A_message_sent_through_each_client_ends_in_its_final_state_from_signed_callbacks(GatewayProvider provider, DeliveryStatus expected)
    {
        var phone = "+4477009" + Random.Shared.Next(10_000, 99_999);
        var deliveryId = await console.AddPendingDeliveryAsync(provider, phone);

        var gateway = console.Services.GetServices<IMessageGateway>().Single(g => g.Provider == provider);
        // Outside the 24-hour window WhatsApp takes only approved templates, so the WhatsApp sends use one.
        var message = provider switch
        {
            GatewayProvider.TwilioSms => new OutboundMessage { To = phone, Text = "Flood warning: move to higher ground.", CorrelationId = deliveryId.ToString() },
            GatewayProvider.TwilioWhatsApp => new OutboundMessage
            {
                To = phone,
                TwilioContent = new TwilioContentTemplate("HX" + new string('a', 32), new Dictionary<string, string> { ["1"] = "Flood" }),
                CorrelationId = deliveryId.ToString(),
            },
            _ => new OutboundMessage { To = phone, MetaTemplate = new MetaMessageTemplate("hello_world", "en_US"), CorrelationId = deliveryId.ToString() },
        };

        var result = await gateway.SendAsync(message, CancellationToken.None);
        Assert.IsType<SendResult.Accepted>(result);
        await console.Services.GetRequiredService<DeliveryStatusTracker>().RecordSendResultAsync(deliveryId, result, CancellationToken.None);

        await RunningConsole.WaitUntilAsync(async () =>
        {
            await using var db = console.CreateDbContext();
            var status = await db.Set<Delivery>().Where(d => d.Id == deliveryId).Select(d => d.Status).SingleAsync();
            return status == expected;
        }, TimeSpan.FromSeconds(60), $"{provider} delivery {deliveryId} to reach {expected}");

        await using (var db = console.CreateDbContext())
        {
            var stored = await db.Set<Delivery>().SingleAsync(d => d.Id == deliveryId);
            Assert.Equal(((SendResult.Accepted)result).ProviderMessageId, stored.ProviderMessageId);
            Assert.NotNull(stored.DeliveredAt);
        }
    }
}
