using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrisisConsole.Gateways.Signatures;

namespace CrisisConsole.Tests.Simulator;

public sealed class TwilioCallbackTests
{
    private const string StatusPath = "/webhooks/twilio/status";
    private const string ContentSid = "HX0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task Sms_status_callbacks_are_signed_over_the_exact_url_and_progress_to_delivered()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var callbackUrl = sim.StatusCallbackUrl("42");
        var sid = await TwilioApiTests.CreateAsync(sim, "+447700900101", "Reply SAFE or HELP", callbackUrl);

        await sim.Receiver.WaitForAsync(c => IsStatus(c, sid, "delivered"));

        var callbacks = sim.Receiver.All.Where(c => c.Path == StatusPath && c.Field("MessageSid") == sid).ToList();
        Assert.Equal(["sending", "sent", "delivered"], callbacks.Select(c => c.Field("MessageStatus")).Order(StatusOrder.Instance));
        Assert.DoesNotContain(callbacks, c => c.Field("MessageStatus") == "queued");
        Assert.All(callbacks, c =>
        {
            Assert.Equal(callbackUrl, c.Url);
            Assert.True(TwilioSignature.IsValid(SimulatorHost.AuthToken, callbackUrl, c.Form, c.Header("X-Twilio-Signature")));
            Assert.False(TwilioSignature.IsValid("another-token", callbackUrl, c.Form, c.Header("X-Twilio-Signature")));
            Assert.Equal(SimulatorHost.AccountSid, c.Field("AccountSid"));
            Assert.Equal(c.Field("MessageStatus"), c.Field("SmsStatus"));
            Assert.False(string.IsNullOrEmpty(c.Header("I-Twilio-Idempotency-Token")));
        });
        Assert.NotNull(callbacks.Single(c => c.Field("MessageStatus") == "delivered").Field("RawDlrDoneDate"));
    }

    [Fact]
    public async Task A_whatsapp_template_progresses_to_read_with_a_read_event()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.SendTwilioAsync(("To", "whatsapp:+447700900102"), ("From", "whatsapp:" + SimulatorHost.WhatsAppFrom),
            ("ContentSid", ContentSid), ("ContentVariables", "{\"1\":\"Flood warning\"}"), ("StatusCallback", sim.StatusCallbackUrl("7")));
        var sid = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sid").GetString()!;

        var read = await sim.Receiver.WaitForAsync(c => IsStatus(c, sid, "read"));

        Assert.Equal("READ", read.Field("EventType"));
        Assert.Equal("whatsapp", read.Field("ChannelPrefix"));
        Assert.Equal("whatsapp:+447700900102", read.Field("To"));
        Assert.True(TwilioSignature.IsValid(SimulatorHost.AuthToken, sim.StatusCallbackUrl("7"), read.Form, read.Header("X-Twilio-Signature")));
    }

    [Fact]
    public async Task Whatsapp_free_form_outside_the_24_hour_window_fails_with_63016()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var sid = await TwilioApiTests.CreateAsync(sim, "whatsapp:+447700900103", "Are you safe?", sim.StatusCallbackUrl("8"));

        var failed = await sim.Receiver.WaitForAsync(c => IsStatus(c, sid, "failed"));
        var fetched = await sim.WaitForTwilioStatusAsync(sid, "failed");

        Assert.Equal("63016", failed.Field("ErrorCode"));
        Assert.Equal(63016, fetched.GetProperty("error_code").GetInt32());
    }

    [Fact]
    public async Task Whatsapp_free_form_inside_a_window_opened_through_admin_is_delivered()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var opened = await sim.AdminPostAsync("recipients/+447700900104/window");
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);

        var sid = await TwilioApiTests.CreateAsync(sim, "whatsapp:+447700900104", "Are you safe?", sim.StatusCallbackUrl("9"));

        await sim.Receiver.WaitForAsync(c => IsStatus(c, sid, "delivered"));
    }

    [Fact]
    public async Task Stop_from_a_recipient_reaches_the_app_signed_and_blocks_later_sends_with_21610_until_start()
    {
        await using var sim = await SimulatorHost.StartAsync();
        const string phone = "+447700900105";

        using var stop = await sim.AdminPostAsync($"recipients/{phone}/stop");
        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        var inbound = await sim.Receiver.WaitForAsync(c => c.Path == "/webhooks/twilio/inbound" && c.Field("From") == phone);
        using var refused = await sim.SendTwilioAsync(("To", phone), ("From", SimulatorHost.SmsFrom), ("Body", "Update"));
        using var start = await sim.AdminPostAsync($"recipients/{phone}/messages", new { channel = "Sms", text = "START" });
        using var accepted = await sim.SendTwilioAsync(("To", phone), ("From", SimulatorHost.SmsFrom), ("Body", "Update"));

        Assert.Equal("STOP", inbound.Field("Body"));
        Assert.True(TwilioSignature.IsValid(SimulatorHost.AuthToken, sim.Receiver.BaseUrl + "/webhooks/twilio/inbound", inbound.Form, inbound.Header("X-Twilio-Signature")));
        await TwilioApiTests.AssertTwilioErrorAsync(refused, HttpStatusCode.BadRequest, 21610);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task A_callback_answered_with_500_is_retried_with_the_same_body_and_token()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.Receiver.FailNext(2);

        var sid = await TwilioApiTests.CreateAsync(sim, "+447700900106", "hello", sim.StatusCallbackUrl("10"));

        // Three statuses, and two of the requests answered 500 and tried again.
        var all = await sim.Receiver.WaitForCountAsync(c => c.Path == StatusPath && c.Field("MessageSid") == sid, 5);

        Assert.Equal(["delivered", "sending", "sent"], all.Select(c => c.Field("MessageStatus")).Distinct().Order());
        Assert.All(all.GroupBy(c => c.Field("MessageStatus")), group =>
        {
            Assert.Single(group.Select(c => c.Header("I-Twilio-Idempotency-Token")).Distinct());
            Assert.Single(group.Select(c => c.BodyText).Distinct());
        });
    }

    internal static bool IsStatus(ReceivedCallback callback, string sid, string status) =>
        callback.Path == StatusPath && callback.Field("MessageSid") == sid && callback.Field("MessageStatus") == status;

    /// <summary>Callbacks are not promised in order; compare the set of statuses in lifecycle order.</summary>
    private sealed class StatusOrder : IComparer<string?>
    {
        public static readonly StatusOrder Instance = new();

        private static readonly string[] Order = ["queued", "sending", "sent", "delivered", "undelivered", "failed", "read"];

        public int Compare(string? x, string? y) => Array.IndexOf(Order, x).CompareTo(Array.IndexOf(Order, y));
    }
}
