using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.BrowserTests.Infrastructure;

/// <summary>
/// Finds who a broadcast has reached, so a test can have that person answer through the simulator's admin
/// API (a signed webhook, as from the real provider) instead of waiting on the simulated people's dice.
/// </summary>
internal static class SimulatedPeople
{
    /// <summary>The first recipient whose message the provider has sent (on <paramref name="channel"/>, if given).</summary>
    public static async Task<(Contact Contact, Delivery Delivery)> FirstReachedAsync(IServiceProvider services, int broadcastId, MessageChannel? channel = null)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var sentRank = DeliveryStatusRank.Of(DeliveryStatus.Sent);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using (var db = await contexts.CreateDbContextAsync())
            {
                var reached = await (
                    from d in db.Set<Delivery>()
                    where d.BroadcastId == broadcastId && (channel == null || d.Channel == channel) && d.ProviderMessageId != null && d.StatusRank >= sentRank
                    join c in db.Set<Contact>() on d.ContactId equals c.Id
                    orderby d.Id
                    select new { d, c }).FirstOrDefaultAsync();
                if (reached is not null)
                {
                    return (reached.c, reached.d);
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"no message of broadcast {broadcastId} was sent within a minute");
            await Task.Delay(250);
        }
    }

    /// <summary>The simulator's name for the channel a provider sends on (its admin API's "channel").</summary>
    public static string SimulatorChannel(GatewayProvider provider) => provider switch
    {
        GatewayProvider.MetaWhatsApp => "Meta",
        GatewayProvider.TwilioWhatsApp => "TwilioWhatsApp",
        _ => "Sms",
    };
}
