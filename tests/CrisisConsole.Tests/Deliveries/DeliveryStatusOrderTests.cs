using System.Net;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Tests.Webhooks;

namespace CrisisConsole.Tests.Deliveries;

/// <summary>
/// Callbacks arrive in any order (gateways.md A.2, B.2). Whatever the order, through the real webhook
/// endpoints, a message ends in its highest state.
/// </summary>
public sealed class DeliveryStatusOrderTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    public static TheoryData<string[]> TwilioWhatsAppOrders => Permutations("sending", "sent", "delivered", "read");

    public static TheoryData<string[]> TwilioSmsFailureOrders => Permutations("sending", "sent", "undelivered");

    public static TheoryData<string[]> MetaOrders => Permutations("sent", "delivered", "read");

    public static TheoryData<string[]> MetaRaceOrders => Permutations("sent", "failed", "delivered");

    [Theory]
    [MemberData(nameof(TwilioWhatsAppOrders))]
    public async Task Twilio_whatsapp_callbacks_in_any_order_end_in_read(string[] order)
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioWhatsApp, sid);

        foreach (var status in order)
        {
            var response = await client.SendAsync(SignedWebhooks.TwilioStatus(sid, status, whatsApp: true));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var delivery = await SignedWebhooks.DeliveryAsync(factory, id);
        Assert.Equal(DeliveryStatus.Read, delivery.Status);
        Assert.NotNull(delivery.SentAt);
        Assert.NotNull(delivery.DeliveredAt);
        Assert.NotNull(delivery.ReadAt);
        Assert.Null(delivery.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(TwilioSmsFailureOrders))]
    public async Task Twilio_sms_callbacks_in_any_order_end_in_undelivered_with_its_code(string[] order)
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, sid);

        foreach (var status in order)
        {
            await client.SendAsync(SignedWebhooks.TwilioStatus(sid, status, errorCode: status == "undelivered" ? "30003" : null));
        }

        var delivery = await SignedWebhooks.DeliveryAsync(factory, id);
        Assert.Equal(DeliveryStatus.Undelivered, delivery.Status);
        Assert.Equal("30003", delivery.ErrorCode);
        Assert.NotNull(delivery.SentAt);
        Assert.NotNull(delivery.FailedAt);
    }

    [Theory]
    [MemberData(nameof(MetaOrders))]
    public async Task Meta_statuses_in_any_order_and_any_batching_end_in_read(string[] order)
    {
        var wamid = SignedWebhooks.NewWamid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.MetaWhatsApp, wamid, DeliveryStatus.Accepted);
        var times = new Dictionary<string, long> { ["sent"] = 1750857384, ["delivered"] = 1750857390, ["read"] = 1750857400 };

        // The first two in one POST, the last in another, plus a redelivery of the first.
        await client.SendAsync(SignedWebhooks.Meta(SignedWebhooks.MetaStatuses(
            SignedWebhooks.MetaStatus(wamid, order[0], timestamp: times[order[0]]), SignedWebhooks.MetaStatus(wamid, order[1], timestamp: times[order[1]]))));
        await client.SendAsync(SignedWebhooks.Meta(SignedWebhooks.MetaStatuses(SignedWebhooks.MetaStatus(wamid, order[2], timestamp: times[order[2]]))));
        await client.SendAsync(SignedWebhooks.Meta(SignedWebhooks.MetaStatuses(SignedWebhooks.MetaStatus(wamid, order[0], timestamp: times[order[0]]))));

        var delivery = await SignedWebhooks.DeliveryAsync(factory, id);
        Assert.Equal(DeliveryStatus.Read, delivery.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(times["sent"]), delivery.SentAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(times["delivered"]), delivery.DeliveredAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(times["read"]), delivery.ReadAt);
    }

    [Theory]
    [MemberData(nameof(MetaRaceOrders))]
    public async Task A_delivery_receipt_wins_over_a_failure_whichever_comes_first(string[] order)
    {
        var wamid = SignedWebhooks.NewWamid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.MetaWhatsApp, wamid, DeliveryStatus.Accepted);

        foreach (var status in order)
        {
            await client.SendAsync(SignedWebhooks.Meta(SignedWebhooks.MetaStatuses(
                SignedWebhooks.MetaStatus(wamid, status, errorCode: status == "failed" ? "131000" : null))));
        }

        var delivery = await SignedWebhooks.DeliveryAsync(factory, id);
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
        Assert.Null(delivery.ErrorCode);
        Assert.Null(delivery.ErrorReason);
        Assert.Null(delivery.FailedAt);
    }

    private static TheoryData<string[]> Permutations(params string[] items)
    {
        var data = new TheoryData<string[]>();
        foreach (var permutation in Permute(items))
        {
            data.Add(permutation);
        }

        return data;
    }

    private static IEnumerable<string[]> Permute(string[] items) => items.Length <= 1
        ? [items]
        : items.SelectMany((item, index) => Permute([.. items[..index], .. items[(index + 1)..]]).Select(rest => (string[])[item, .. rest]));
}
