using System.Net;
using System.Text.Json;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Tests.Webhooks;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Deliveries;

namespace CrisisConsole.Tests.Dashboard;

public sealed class BroadcastApiTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    [Fact]
    public async Task A_broadcast_is_read_with_its_counts_per_channel_and_status_and_its_check_in_tallies()
    {
        var broadcast = await factory.CreateBroadcastAsync(recipients: 4, drill: true);
        var safe = await factory.CreateContactAsync();
        var help = await factory.CreateContactAsync();
        await factory.AddDeliveryAsync(broadcast.Id, safe, GatewayProvider.MetaWhatsApp, DeliveryStatus.Read, SignedWebhooks.NewWamid());
        await factory.AddDeliveryAsync(broadcast.Id, help, GatewayProvider.MetaWhatsApp, DeliveryStatus.Delivered, SignedWebhooks.NewWamid());
        await factory.AddDeliveryAsync(broadcast.Id, await factory.CreateContactAsync(), GatewayProvider.MetaWhatsApp, DeliveryStatus.Failed, SignedWebhooks.NewWamid());
        await factory.AddDeliveryAsync(broadcast.Id, await factory.CreateContactAsync(), GatewayProvider.TwilioSms, DeliveryStatus.Pending);
        var webhooks = factory.CreateClient();
        await webhooks.SendAsync(SignedWebhooks.Twilio(WebhookPaths.TwilioInbound, [new("MessageSid", SignedWebhooks.NewTwilioSid()), new("From", safe.Phone), new("Body", "1")]));
        await webhooks.SendAsync(SignedWebhooks.Twilio(WebhookPaths.TwilioInbound, [new("MessageSid", SignedWebhooks.NewTwilioSid()), new("From", help.Phone), new("Body", "2")]));
        var client = await factory.CreateApiClientAsync(ApiScopes.Read);

        var response = await client.GetAsync($"/api/v1/broadcasts/{broadcast.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(broadcast.Id, root.GetProperty("id").GetInt32());
        Assert.Equal("sending", root.GetProperty("state").GetString());
        Assert.Equal("safety-check", root.GetProperty("template").GetString());
        Assert.True(root.GetProperty("drill").GetBoolean());
        Assert.Equal(4, root.GetProperty("recipients").GetInt32());
        Assert.Equal("""{"whatsapp":{"delivered":1,"read":1,"failed":1},"sms":{"pending":1}}""", Normalised(root.GetProperty("deliveries")));
        var checkins = root.GetProperty("checkins");
        Assert.Equal((1, 1, 2), (checkins.GetProperty("safe").GetInt32(), checkins.GetProperty("needs_help").GetInt32(), checkins.GetProperty("no_answer").GetInt32()));
    }

    [Fact]
    public async Task A_pending_broadcast_reads_with_its_wire_state_and_empty_counts()
    {
        var broadcast = await factory.CreateBroadcastAsync(state: BroadcastState.PendingApproval);
        var client = await factory.CreateApiClientAsync(ApiScopes.Read);

        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/broadcasts/{broadcast.Id}"));

        Assert.Equal("pending_approval", json.RootElement.GetProperty("state").GetString());
        Assert.Equal("{}", json.RootElement.GetProperty("deliveries").GetRawText());
        Assert.Equal(0, json.RootElement.GetProperty("checkins").GetProperty("no_answer").GetInt32());
    }

    [Fact]
    public async Task An_unknown_broadcast_is_a_404_problem()
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Read);

        var response = await client.GetAsync("/api/v1/broadcasts/987654");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("987654", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_a_key_the_api_answers_401()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/broadcasts/1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_key_without_the_read_scope_is_refused_with_403()
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Trigger);

        var response = await client.GetAsync("/api/v1/broadcasts/1");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    /// <summary>Channels and statuses in a fixed order, so the comparison does not depend on dictionary order.</summary>
    private static string Normalised(JsonElement deliveries)
    {
        string[] channels = ["whatsapp", "sms"];
        string[] statuses = ["pending", "accepted", "queued", "sending", "sent", "delivered", "read", "failed", "undelivered"];
        var parts = new List<string>();
        foreach (var channel in channels.Where(c => deliveries.TryGetProperty(c, out _)))
        {
            var counts = deliveries.GetProperty(channel);
            Assert.All(counts.EnumerateObject(), p => Assert.Contains(p.Name, statuses));
            parts.Add($"\"{channel}\":{{" + string.Join(",", statuses.Where(s => counts.TryGetProperty(s, out _))
                .Select(s => $"\"{s}\":{counts.GetProperty(s).GetInt32()}")) + "}");
        }

        Assert.All(deliveries.EnumerateObject(), p => Assert.Contains(p.Name, channels));
        return "{" + string.Join(",", parts) + "}";
    }
}
