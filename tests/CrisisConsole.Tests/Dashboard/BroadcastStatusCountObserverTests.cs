using System.Net;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Tests.Webhooks;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Live;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Dashboard;

/// <summary>
/// The per-broadcast counters stay equal to a recount of the deliveries whatever the providers send:
/// callbacks out of order, duplicated, late, for failures after delivery. Driven through the real
/// signed webhooks, so the tracker, the observer and the transaction are the production ones.
/// </summary>
public sealed class BroadcastStatusCountObserverTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    private DeliveryStatusTracker Tracker => factory.Services.GetRequiredService<DeliveryStatusTracker>();

    [Fact]
    public async Task Counters_follow_each_delivery_through_out_of_order_and_duplicate_callbacks()
    {
        var broadcast = await factory.CreateBroadcastAsync(recipients: 3);
        var sms = await factory.AddDeliveryAsync(broadcast.Id, await factory.CreateContactAsync(), GatewayProvider.TwilioSms);
        var whatsApp = await factory.AddDeliveryAsync(broadcast.Id, await factory.CreateContactAsync(), GatewayProvider.MetaWhatsApp);
        var failing = await factory.AddDeliveryAsync(broadcast.Id, await factory.CreateContactAsync(), GatewayProvider.MetaWhatsApp);
        Assert.Equal(["Sms/Pending=1", "WhatsApp/Pending=2"], await factory.StoredCountsAsync(broadcast.Id));

        var sid = SignedWebhooks.NewTwilioSid();
        var wamid = SignedWebhooks.NewWamid();
        var failingWamid = SignedWebhooks.NewWamid();
        await Tracker.AttachProviderIdAsync(sms.Id, sid, DeliveryStatus.Queued, CancellationToken.None);
        await Tracker.AttachProviderIdAsync(whatsApp.Id, wamid, DeliveryStatus.Accepted, CancellationToken.None);
        await Tracker.AttachProviderIdAsync(failing.Id, failingWamid, DeliveryStatus.Accepted, CancellationToken.None);
        Assert.Equal(["Sms/Queued=1", "WhatsApp/Accepted=2"], await factory.StoredCountsAsync(broadcast.Id));

        // Delivered before sent, each twice; a read, then a stale "sent"; a failure after delivery.
        await SendAsync(BroadcastTestData.TwilioStatus(sid, "delivered"));
        await SendAsync(BroadcastTestData.TwilioStatus(sid, "delivered"));
        await SendAsync(BroadcastTestData.TwilioStatus(sid, "sent"));
        await SendAsync(BroadcastTestData.MetaStatus(wamid, "read", 1750857400));
        await SendAsync(BroadcastTestData.MetaStatus(wamid, "sent", 1750857384));
        await SendAsync(BroadcastTestData.MetaStatus(wamid, "delivered", 1750857390));
        await SendAsync(BroadcastTestData.MetaStatus(failingWamid, "sent", 1750857384));
        await SendAsync(BroadcastTestData.MetaStatus(failingWamid, "failed", 1750857385));
        await SendAsync(BroadcastTestData.MetaStatus(failingWamid, "failed", 1750857385));

        Assert.Equal(["Sms/Delivered=1", "WhatsApp/Failed=1", "WhatsApp/Read=1"], await factory.StoredCountsAsync(broadcast.Id));
        Assert.Equal(await factory.RecountedAsync(broadcast.Id), await factory.StoredCountsAsync(broadcast.Id));
    }

    [Fact]
    public async Task Counters_equal_a_recount_after_a_shuffled_storm_of_callbacks()
    {
        var broadcast = await factory.CreateBroadcastAsync(recipients: 24);
        var random = new Random(20261121);
        var sids = new List<(string Id, bool Meta)>();
        for (var i = 0; i < 24; i++)
        {
            var meta = i % 2 == 0;
            var providerId = meta ? SignedWebhooks.NewWamid() : SignedWebhooks.NewTwilioSid();
            var delivery = await factory.AddDeliveryAsync(broadcast.Id, await factory.CreateContactAsync(),
                meta ? GatewayProvider.MetaWhatsApp : GatewayProvider.TwilioSms);
            // A third are never attached: their callbacks wait as pending events and must not count.
            if (i % 3 != 0)
            {
                await Tracker.AttachProviderIdAsync(delivery.Id, providerId, meta ? DeliveryStatus.Accepted : DeliveryStatus.Queued, CancellationToken.None);
            }

            sids.Add((providerId, meta));
        }

        string[] twilioWords = ["queued", "sending", "sent", "delivered", "undelivered", "failed", "read"];
        string[] metaWords = ["sent", "delivered", "read", "failed"];
        for (var n = 0; n < 150; n++)
        {
            var (id, meta) = sids[random.Next(sids.Count)];
            var request = meta
                ? BroadcastTestData.MetaStatus(id, metaWords[random.Next(metaWords.Length)], 1750857384 + random.Next(3))
                : BroadcastTestData.TwilioStatus(id, twilioWords[random.Next(twilioWords.Length)]);
            await SendAsync(request);
        }

        var stored = await factory.StoredCountsAsync(broadcast.Id);
        Assert.Equal(await factory.RecountedAsync(broadcast.Id), stored);
        // The storm did move things: not everything is where the attach left it.
        Assert.Contains(stored, c => c.Contains("Read=") || c.Contains("Delivered=") || c.Contains("Failed=") || c.Contains("Undelivered="));
        Assert.Contains(stored, c => c.Contains("Pending="));
    }

    [Fact]
    public async Task A_committed_change_is_published_with_its_broadcast_and_channel()
    {
        var broadcast = await factory.CreateBroadcastAsync(recipients: 1);
        var sid = SignedWebhooks.NewTwilioSid();
        var delivery = await factory.AddDeliveryAsync(broadcast.Id, await factory.CreateContactAsync(), GatewayProvider.TwilioSms, DeliveryStatus.Queued, sid);
        var published = new List<DeliveryStatusChanged>();
        using var subscription = factory.Services.GetRequiredService<LiveEventHub>()
            .Subscribe<DeliveryStatusChanged>(e => { if (e.DeliveryId == delivery.Id) { lock (published) { published.Add(e); } } });

        await SendAsync(BroadcastTestData.TwilioStatus(sid, "delivered"));
        await SendAsync(BroadcastTestData.TwilioStatus(sid, "delivered"));

        var change = Assert.Single(published);
        Assert.Equal((broadcast.Id, MessageChannel.Sms, DeliveryStatus.Queued, DeliveryStatus.Delivered),
            (change.BroadcastId, change.Channel, change.From, change.To));
    }

    [Fact]
    public async Task A_change_rolled_back_is_neither_counted_nor_published()
    {
        var broadcast = await factory.CreateBroadcastAsync(recipients: 1);
        var delivery = await factory.AddDeliveryAsync(broadcast.Id, await factory.CreateContactAsync(), GatewayProvider.TwilioSms,
            DeliveryStatus.Queued, SignedWebhooks.NewTwilioSid());
        var published = 0;
        using var subscription = factory.Services.GetRequiredService<LiveEventHub>()
            .Subscribe<DeliveryStatusChanged>(e => { if (e.DeliveryId == delivery.Id) { Interlocked.Increment(ref published); } });

        await using (var db = factory.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.True(await Tracker.MarkFailedAsync(db, delivery.Id, "30003", "Unreachable", CancellationToken.None));
            // Disposed without commit.
        }

        Assert.Equal(0, published);
        Assert.Equal(["Sms/Queued=1"], await factory.StoredCountsAsync(broadcast.Id));

        await using (var db = factory.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await Tracker.MarkFailedAsync(db, delivery.Id, "30003", "Unreachable", CancellationToken.None);
            Assert.Equal(0, published);
            await transaction.CommitAsync();
        }

        Assert.Equal(1, published);
        Assert.Equal(["Sms/Failed=1"], await factory.StoredCountsAsync(broadcast.Id));
    }

    [Fact]
    public async Task A_delivery_outside_any_broadcast_still_moves_with_no_counter_to_keep()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, sid);

        await SendAsync(BroadcastTestData.TwilioStatus(sid, "delivered"));

        Assert.Equal(DeliveryStatus.Delivered, (await SignedWebhooks.DeliveryAsync(factory, id)).Status);
    }

    private async Task SendAsync(HttpRequestMessage request) => Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
}
