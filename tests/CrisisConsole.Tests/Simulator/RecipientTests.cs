using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrisisConsole.Gateways.Signatures;
using CrisisConsole.GatewaySimulator.Configuration;
using CrisisConsole.GatewaySimulator.Recipients;

namespace CrisisConsole.Tests.Simulator;

public sealed class RecipientTests
{
    private const string TwilioInbound = "/webhooks/twilio/inbound";

    /// <summary>Recipients on, and every one of them presses "safe" (or does the one thing a test asks).</summary>
    private static Action<Dictionary<string, string?>> Everyone(string answer) => s =>
    {
        s["GatewaySimulator:Recipients:Enabled"] = "true";
        foreach (var kind in new[] { "SafeButton", "HelpButton", "FreeText", "Location", "Silence", "Stop" })
        {
            s[$"GatewaySimulator:Recipients:Answers:{kind}"] = kind == answer ? "1" : "0";
        }
    };

    [Fact]
    public async Task A_recipient_presses_the_safe_button_of_a_meta_interactive_message_with_a_signed_webhook()
    {
        await using var sim = await SimulatorHost.StartAsync(Everyone("SafeButton"));
        using var window = await sim.AdminPostAsync("recipients/+447700900501/window");
        var wamid = await MetaTests.SendAsync(sim, """
            {"messaging_product":"whatsapp","to":"+447700900501","type":"interactive","interactive":{"type":"button",
             "body":{"text":"Are you safe?"},"action":{"buttons":[
               {"type":"reply","reply":{"id":"checkin-42-safe","title":"I am safe"}},
               {"type":"reply","reply":{"id":"checkin-42-help","title":"I need help"}}]}}}
            """);

        var answer = await sim.Receiver.WaitForAsync(c => InboundMessage(c) is not null);

        var message = InboundMessage(answer)!.Value;
        Assert.True(MetaSignature.IsValid(SimulatorHost.AppSecret, answer.Body, answer.Header("X-Hub-Signature-256")));
        Assert.Equal("interactive", message.GetProperty("type").GetString());
        Assert.Equal("checkin-42-safe", message.GetProperty("interactive").GetProperty("button_reply").GetProperty("id").GetString());
        Assert.Equal(wamid, message.GetProperty("context").GetProperty("id").GetString());
        Assert.Equal("447700900501", message.GetProperty("from").GetString());
        Assert.Equal(JsonValueKind.String, message.GetProperty("timestamp").ValueKind);
    }

    [Fact]
    public async Task A_recipient_answers_a_meta_template_with_its_quick_reply_payload_and_that_opens_the_window()
    {
        await using var sim = await SimulatorHost.StartAsync(Everyone("SafeButton"));
        var wamid = await MetaTests.SendAsync(sim, MetaTests.Template("+447700900502", safePayload: "broadcast-7:safe"));

        var answer = await sim.Receiver.WaitForAsync(c => InboundMessage(c) is not null);
        var followUp = await MetaTests.SendAsync(sim, MetaTests.Text("+447700900502"));

        var message = InboundMessage(answer)!.Value;
        Assert.Equal("button", message.GetProperty("type").GetString());
        Assert.Equal("broadcast-7:safe", message.GetProperty("button").GetProperty("payload").GetString());
        Assert.Equal(wamid, message.GetProperty("context").GetProperty("id").GetString());
        await sim.Receiver.WaitForAsync(c => MetaTests.StatusOf(c, followUp)?.GetProperty("status").GetString() == "delivered");
    }

    [Fact]
    public async Task A_recipient_answers_a_twilio_whatsapp_template_with_the_button_payload_in_a_signed_form()
    {
        await using var sim = await SimulatorHost.StartAsync(Everyone("HelpButton"));
        using var response = await sim.SendTwilioAsync(("To", "whatsapp:+447700900503"), ("From", "whatsapp:" + SimulatorHost.WhatsAppFrom),
            ("ContentSid", "HX0123456789abcdef0123456789abcdef"), ("ContentVariables", "{\"1\":\"Flood\"}"));
        var sid = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sid").GetString()!;

        var answer = await sim.Receiver.WaitForAsync(c => c.Path == TwilioInbound);

        Assert.True(TwilioSignature.IsValid(SimulatorHost.AuthToken, sim.Receiver.BaseUrl + TwilioInbound, answer.Form, answer.Header("X-Twilio-Signature")));
        Assert.Equal("HELP", answer.Field("ButtonPayload"));
        Assert.Equal("I need help", answer.Field("ButtonText"));
        Assert.Equal(sid, answer.Field("OriginalRepliedMessageSid"));
        Assert.Equal("whatsapp:+447700900503", answer.Field("From"));
        Assert.Equal("447700900503", answer.Field("WaId"));
        Assert.Matches("^SM[0-9a-f]{32}$", answer.Field("MessageSid"));
    }

    [Fact]
    public async Task An_sms_check_in_gets_a_text_answer_in_the_recipients_language()
    {
        await using var sim = await SimulatorHost.StartAsync(Everyone("FreeText"));

        await TwilioApiTests.CreateAsync(sim, "+447700900504", "Flood warning. Reply SAFE or HELP.");

        var answer = await sim.Receiver.WaitForAsync(c => c.Path == TwilioInbound);
        Assert.Equal("+447700900504", answer.Field("From"));
        Assert.Equal(SimulatorHost.SmsFrom, answer.Field("To"));
        Assert.False(string.IsNullOrWhiteSpace(answer.Field("Body")));
        Assert.Null(answer.Field("ButtonPayload"));
    }

    [Fact]
    public async Task A_location_sent_through_admin_reaches_the_meta_webhook_with_coordinates()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.AdminPostAsync("recipients/+447700900505/messages", new { channel = "Meta", latitude = 33.9, longitude = 35.5 });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var inbound = await sim.Receiver.WaitForAsync(c => InboundMessage(c) is not null);
        var location = InboundMessage(inbound)!.Value.GetProperty("location");
        Assert.Equal(33.9, location.GetProperty("latitude").GetDouble());
        Assert.Equal(35.5, location.GetProperty("longitude").GetDouble());
    }

    [Fact]
    public async Task Switching_recipients_off_silences_answers_already_planned()
    {
        await using var sim = await SimulatorHost.StartAsync(s =>
        {
            Everyone("FreeText")(s);
            s["GatewaySimulator:Recipients:MinReplyDelayMs"] = "1000";
            s["GatewaySimulator:Recipients:MaxReplyDelayMs"] = "1000";
        });
        await TwilioApiTests.CreateAsync(sim, "+447700900506", "Flood warning. Reply SAFE or HELP.");

        using var off = await sim.AdminPatchSettingsAsync(new { recipients = new { enabled = false } });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        // The answer was due a second after delivery; give it time to (wrongly) arrive.
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.DoesNotContain(sim.Receiver.All, c => c.Path == TwilioInbound);
    }

    [Fact]
    public void Profiles_follow_the_number_and_about_a_tenth_are_not_on_whatsapp()
    {
        var behaviour = new RecipientBehaviour();
        var numbers = Enumerable.Range(0, 10_000).Select(i => $"+4477009{i:D5}").ToList();

        var profiles = numbers.Select(n => RecipientProfile.For(n, behaviour)).ToList();
        var again = RecipientProfile.For(numbers[123], behaviour);
        var share = profiles.Count(p => !p.OnWhatsApp) / (double)profiles.Count;

        Assert.Equal(profiles[123], again);
        Assert.InRange(share, 0.08, 0.12);
        Assert.Equal(["ar", "en", "fr"], profiles.Select(p => p.Language).Distinct().Order());
    }

    private static JsonElement? InboundMessage(ReceivedCallback callback)
    {
        var value = MetaTests.Value(callback);
        return value is not null && value.Value.TryGetProperty("messages", out var messages) ? messages[0] : null;
    }
}
