using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Dispatch;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Dispatch;

/// <summary>An app whose WhatsApp reach limit is two people a day.</summary>
public sealed class ReachLimitedApp : FakeGatewayApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Dispatch:WhatsAppDailyReachLimit"] = "2" };
}

public sealed class WhatsAppReachLimitTests(ReachLimitedApp fixture) : IClassFixture<ReachLimitedApp>
{
    private DispatchData Data => fixture.Data;

    [Fact]
    public async Task Beyond_the_daily_reach_limit_WhatsApp_falls_back_to_SMS_and_people_already_reached_or_inside_their_window_do_not_count()
    {
        var template = await Data.TemplateAsync();
        var outside = await Data.ContactsAsync(4);
        var inside = await Data.ContactsAsync(1, lastInboundWhatsAppAt: Data.Now - TimeSpan.FromHours(1));
        var first = await Data.BroadcastAsync(template, outside.Concat(inside), ChannelPolicy.WhatsAppThenSms, fallbackMinutes: 60);

        await Data.WaitUntilAsync(first, ds => ds.Count(d => d.Channel == MessageChannel.Sms && d.ProviderMessageId != null) == 2 &&
                                               ds.All(d => d.ClaimedAt == null), "two SMS fallbacks are sent");

        var deliveries = await Data.DeliveriesAsync(first);
        var whatsApp = deliveries.Where(d => d.Channel == MessageChannel.WhatsApp).ToList();
        var limited = whatsApp.Where(d => d.ErrorCode == DispatchErrorCodes.ReachLimit).ToList();
        Assert.Equal(2, limited.Count);
        Assert.All(limited, d => Assert.Contains("reach limit", d.ErrorReason));
        Assert.All(limited, d => Assert.Single(deliveries, s => s.FallbackForDeliveryId == d.Id));
        Assert.Equal(3, whatsApp.Count(d => d.ProviderMessageId != null));
        Assert.Equal(2, await fixture.App.Get<WhatsAppReachLedger>().CountAsync(CancellationToken.None));
        await using (var db = fixture.App.Db())
        {
            Assert.Equal(2, await db.Set<WhatsAppReachEntry>().CountAsync());
        }

        // Someone reached today is reached again for free; a new person is not, and WhatsApp-only has no fallback.
        var reached = outside.First(c => whatsApp.Any(d => d.ContactId == c.Id && d.ProviderMessageId != null));
        var newcomer = (await Data.ContactsAsync(1))[0];
        var second = await Data.BroadcastAsync(template, [reached, newcomer], ChannelPolicy.WhatsAppOnly);
        await Data.WaitForStateAsync(second, BroadcastState.Completed);
        var again = await Data.DeliveriesAsync(second);
        Assert.NotNull(again.Single(d => d.ContactId == reached.Id).ProviderMessageId);
        var refused = again.Single(d => d.ContactId == newcomer.Id);
        Assert.Equal((DeliveryStatus.Failed, DispatchErrorCodes.ReachLimit), (refused.Status, refused.ErrorCode));
        Assert.DoesNotContain(fixture.Gateways.Sms.Calls, c => c.Message.To == newcomer.Phone);
    }
}
