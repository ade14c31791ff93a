using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CrisisConsole.Tests.Simulator;

/// <summary>Rates are set so low that the outcome cannot depend on how fast the machine is.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Meta_refuses_sends_above_its_token_bucket_with_130429()
    {
        await using var sim = await SimulatorHost.StartAsync(s =>
        {
            s["GatewaySimulator:RateLimits:MetaEnabled"] = "true";
            s["GatewaySimulator:RateLimits:MetaMessagesPerSecond"] = "0.001";
        });

        using var first = await sim.SendMetaAsync(MetaTests.Template("+447700900401"));
        using var second = await sim.SendMetaAsync(MetaTests.Template("+447700900402"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        MetaTests.AssertEnvelope(await second.Content.ReadFromJsonAsync<JsonElement>(), 130429);
    }

    [Fact]
    public async Task The_meta_limit_can_be_switched_off_at_run_time()
    {
        await using var sim = await SimulatorHost.StartAsync(s =>
        {
            s["GatewaySimulator:RateLimits:MetaEnabled"] = "true";
            s["GatewaySimulator:RateLimits:MetaMessagesPerSecond"] = "0.001";
        });
        using var first = await sim.SendMetaAsync(MetaTests.Template("+447700900403"));

        using var patched = await sim.AdminPatchSettingsAsync(new { rateLimits = new { metaEnabled = false } });
        using var second = await sim.SendMetaAsync(MetaTests.Template("+447700900404"));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Twilio_queues_sends_beyond_the_sender_rate_instead_of_refusing_them()
    {
        await using var sim = await SimulatorHost.StartAsync(s =>
        {
            s["GatewaySimulator:RateLimits:TwilioEnabled"] = "true";
            s["GatewaySimulator:RateLimits:TwilioSmsSegmentsPerSecond"] = "0.01";
        });

        var first = await TwilioApiTests.CreateAsync(sim, "+447700900405", "one", sim.StatusCallbackUrl("405"));
        var second = await TwilioApiTests.CreateAsync(sim, "+447700900406", "two", sim.StatusCallbackUrl("406"));
        await sim.WaitForTwilioStatusAsync(first, "delivered");

        var waiting = await sim.GetTwilioAsync($"Messages/{second}.json");
        Assert.Equal("queued", waiting.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_send_that_would_wait_beyond_the_queue_limit_fails_with_30001()
    {
        await using var sim = await SimulatorHost.StartAsync(s =>
        {
            s["GatewaySimulator:RateLimits:TwilioEnabled"] = "true";
            s["GatewaySimulator:RateLimits:TwilioSmsSegmentsPerSecond"] = "0.01";
            s["GatewaySimulator:RateLimits:TwilioMaxQueueSeconds"] = "10";
        });

        await TwilioApiTests.CreateAsync(sim, "+447700900407", "one");
        var overflow = await TwilioApiTests.CreateAsync(sim, "+447700900408", "two", sim.StatusCallbackUrl("408"));

        var failed = await sim.Receiver.WaitForAsync(c => TwilioCallbackTests.IsStatus(c, overflow, "failed"));
        Assert.Equal("30001", failed.Field("ErrorCode"));
    }
}
