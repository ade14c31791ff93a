using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CrisisConsole.Tests.Simulator;

public sealed class FaultTests
{
    [Fact]
    public async Task A_twilio_429_storm_answers_20429_with_retry_after_and_then_recovers()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var added = await sim.AdminPostAsync("faults", new { target = "Twilio", kind = "RateLimited", remaining = 2, retryAfterSeconds = 3 });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        using var first = await Send(sim, "+447700900301");
        using var second = await Send(sim, "+447700900301");
        using var third = await Send(sim, "+447700900301");

        Assert.Equal("3", first.Headers.RetryAfter?.ToString());
        await TwilioApiTests.AssertTwilioErrorAsync(first, HttpStatusCode.TooManyRequests, 20429);
        await TwilioApiTests.AssertTwilioErrorAsync(second, HttpStatusCode.TooManyRequests, 20429);
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
    }

    [Fact]
    public async Task A_meta_429_storm_answers_130429()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var added = await sim.AdminPostAsync("faults", new { target = "Meta", kind = "RateLimited", remaining = 1, statusCode = 429 });

        using var limited = await sim.SendMetaAsync(MetaTests.Template("+447700900302"));
        using var accepted = await sim.SendMetaAsync(MetaTests.Template("+447700900302"));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        MetaTests.AssertEnvelope(await limited.Content.ReadFromJsonAsync<JsonElement>(), 130429);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task A_timeout_after_accept_creates_the_message_but_the_client_never_gets_the_answer()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var added = await sim.AdminPostAsync("faults", new { target = "Twilio", kind = "TimeoutAfterAccept", remaining = 1 });

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Send(sim, "+447700900303"));

        var counters = await sim.AdminGetAsync("counters");
        var listed = await sim.GetTwilioAsync("Messages.json?To=%2B447700900303");
        Assert.Equal(1, counters.GetProperty("received").GetProperty("twilioSms").GetInt64());
        Assert.Single(listed.GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task A_server_error_after_accept_still_creates_the_message()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var added = await sim.AdminPostAsync("faults", new { target = "Meta", kind = "ServerErrorAfterAccept", remaining = 1, statusCode = 503 });

        using var response = await sim.SendMetaAsync(MetaTests.Template("+447700900304"));

        var counters = await sim.AdminGetAsync("counters");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, counters.GetProperty("received").GetProperty("meta").GetInt64());
    }

    [Fact]
    public async Task A_duplicated_callback_arrives_twice_with_the_same_idempotency_token()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var added = await sim.AdminPostAsync("faults", new { target = "Twilio", kind = "DuplicateCallback", remaining = 1, recipient = "+447700900305" });

        var sid = await TwilioApiTests.CreateAsync(sim, "+447700900305", "hello", sim.StatusCallbackUrl("305"));

        var copies = await sim.Receiver.WaitForCountAsync(c => TwilioCallbackTests.IsStatus(c, sid, "sending"), 2);
        Assert.Equal(copies[0].Header("I-Twilio-Idempotency-Token"), copies[1].Header("I-Twilio-Idempotency-Token"));
        Assert.Equal(copies[0].Header("X-Twilio-Signature"), copies[1].Header("X-Twilio-Signature"));
    }

    [Fact]
    public async Task A_dropped_callback_is_never_sent_and_is_counted()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var added = await sim.AdminPostAsync("faults", new { target = "Twilio", kind = "DropCallback", remaining = 1, recipient = "+447700900306" });

        var sid = await TwilioApiTests.CreateAsync(sim, "+447700900306", "hello", sim.StatusCallbackUrl("306"));
        await sim.Receiver.WaitForAsync(c => TwilioCallbackTests.IsStatus(c, sid, "delivered"));

        var counters = await sim.AdminGetAsync("counters");
        Assert.DoesNotContain(sim.Receiver.All, c => TwilioCallbackTests.IsStatus(c, sid, "sending"));
        Assert.Equal(1, counters.GetProperty("callbacks").GetProperty("dropped").GetInt64());
    }

    [Fact]
    public async Task A_reordered_callback_arrives_after_the_next_one()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var added = await sim.AdminPostAsync("faults", new { target = "Twilio", kind = "ReorderCallback", remaining = 1, recipient = "+447700900307", delayMilliseconds = 60000 });

        var sid = await TwilioApiTests.CreateAsync(sim, "+447700900307", "hello", sim.StatusCallbackUrl("307"));
        await sim.Receiver.WaitForAsync(c => TwilioCallbackTests.IsStatus(c, sid, "sending"));

        var order = sim.Receiver.All.Where(c => c.Field("MessageSid") == sid).Select(c => c.Field("MessageStatus")).ToList();
        Assert.True(order.IndexOf("sent") < order.IndexOf("sending"), "sending was held back until sent had been delivered: " + string.Join(", ", order));
    }

    [Fact]
    public async Task An_injected_async_failure_ends_in_undelivered_with_its_code()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var added = await sim.AdminPostAsync("faults", new { target = "Twilio", kind = "FailAfterAccept", errorCode = 30007, remaining = 1 });

        var sid = await TwilioApiTests.CreateAsync(sim, "+447700900308", "hello", sim.StatusCallbackUrl("308"));

        var undelivered = await sim.Receiver.WaitForAsync(c => TwilioCallbackTests.IsStatus(c, sid, "undelivered"));
        Assert.Equal("30007", undelivered.Field("ErrorCode"));
    }

    [Fact]
    public async Task A_fault_without_its_error_code_is_refused_with_a_reason()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.AdminPostAsync("faults", new { kind = "RejectWithError" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ErrorCode", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Reset_forgets_messages_counters_and_faults()
    {
        await using var sim = await SimulatorHost.StartAsync();
        await TwilioApiTests.CreateAsync(sim, "+447700900309", "hello");
        using var added = await sim.AdminPostAsync("faults", new { kind = "RateLimited" });

        using var reset = await sim.AdminPostAsync("reset");
        var counters = await sim.AdminGetAsync("counters");
        var faults = await sim.AdminGetAsync("faults");
        using var after = await Send(sim, "+447700900309");

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(0, counters.GetProperty("received").GetProperty("total").GetInt64());
        Assert.Equal(0, faults.GetArrayLength());
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
    }

    private static Task<HttpResponseMessage> Send(SimulatorHost sim, string to) =>
        sim.SendTwilioAsync(("To", to), ("From", SimulatorHost.SmsFrom), ("Body", "hello"));
}
