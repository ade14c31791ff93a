using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrisisConsole.Gateways.Signatures;

namespace CrisisConsole.Tests.Simulator;

public sealed class MetaTests
{
    private const string WebhookPath = "/webhooks/whatsapp";

    [Fact]
    public async Task A_template_send_answers_200_with_contacts_and_a_wamid()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.SendMetaAsync(Template("+447700900201"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("whatsapp", json.GetProperty("messaging_product").GetString());
        Assert.Equal("+447700900201", json.GetProperty("contacts")[0].GetProperty("input").GetString());
        Assert.Equal("447700900201", json.GetProperty("contacts")[0].GetProperty("wa_id").GetString());
        Assert.StartsWith("wamid.", json.GetProperty("messages")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_wrong_access_token_gets_error_190()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.SendMetaAsync(Template("+447700900202"), accessToken: "not-the-token");

        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(190, error.GetProperty("code").GetInt32());
        Assert.Equal("OAuthException", error.GetProperty("type").GetString());
    }

    public static TheoryData<int, string> InvalidSends => new()
    {
        { 100, """{"to":"+447700900203","type":"text","text":{"body":"hi"}}""" },
        { 100, """{"messaging_product":"sms","to":"+447700900203","type":"text","text":{"body":"hi"}}""" },
        { 100, """{"messaging_product":"whatsapp","to":"+447700900203","type":"text","text":{"body":"BODY"}}""".Replace("BODY", new string('a', 4097)) },
        { 100, """{"messaging_product":"whatsapp","to":"+447700900203","type":"interactive","interactive":{"type":"button","body":{"text":"Safe?"},"action":{"buttons":[{"type":"reply","reply":{"id":"a","title":"A"}},{"type":"reply","reply":{"id":"b","title":"B"}},{"type":"reply","reply":{"id":"c","title":"C"}},{"type":"reply","reply":{"id":"d","title":"D"}}]}}}""" },
        { 100, """{"messaging_product":"whatsapp","to":"+447700900203","type":"interactive","interactive":{"type":"button","body":{"text":"Safe?"},"action":{"buttons":[{"type":"reply","reply":{"id":"a","title":"This title is far too long"}}]}}}""" },
        { 100, """{"messaging_product":"whatsapp","to":"+447700900203","type":"carrier_pigeon"}""" },
        { 132001, """{"messaging_product":"whatsapp","to":"+447700900203","type":"template","template":{"name":"no_such_template","language":{"code":"en"}}}""" },
        { 132001, """{"messaging_product":"whatsapp","to":"+447700900203","type":"template","template":{"name":"crisis_alert","language":{"code":"de"}}}""" },
        { 132000, """{"messaging_product":"whatsapp","to":"+447700900203","type":"template","template":{"name":"crisis_alert","language":{"code":"en"},"components":[{"type":"body","parameters":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]}}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidSends))]
    public async Task Invalid_sends_get_the_graph_error_envelope(int code, string body)
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.SendMetaAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertEnvelope(await response.Content.ReadFromJsonAsync<JsonElement>(), code);
    }

    [Fact]
    public async Task Status_webhooks_are_signed_over_the_exact_bytes_and_progress_to_read()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var wamid = await SendAsync(sim, Template("+447700900204", opaque: "delivery-204"));

        await sim.Receiver.WaitForAsync(c => StatusOf(c, wamid)?.GetProperty("status").GetString() == "read");

        var webhooks = sim.Receiver.All.Where(c => StatusOf(c, wamid) is not null).ToList();
        // Distinct: on a loaded machine a slow answer from the receiver makes the simulator retry a webhook, as Meta does.
        Assert.Equal(["delivered", "read", "sent"], webhooks.Select(c => StatusOf(c, wamid)!.Value.GetProperty("status").GetString()).Distinct().Order());
        Assert.All(webhooks, c =>
        {
            Assert.Equal(sim.Receiver.BaseUrl + WebhookPath, c.Url);
            Assert.True(MetaSignature.IsValid(SimulatorHost.AppSecret, c.Body, c.Header("X-Hub-Signature-256")));
            Assert.False(MetaSignature.IsValid("another-secret", c.Body, c.Header("X-Hub-Signature-256")));
            var status = StatusOf(c, wamid)!.Value;
            Assert.Equal(JsonValueKind.String, status.GetProperty("timestamp").ValueKind);
            Assert.Equal("delivery-204", status.GetProperty("biz_opaque_callback_data").GetString());
            Assert.Equal("447700900204", status.GetProperty("recipient_id").GetString());
        });
    }

    [Fact]
    public async Task Free_form_outside_the_window_fails_by_webhook_with_131047()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var wamid = await SendAsync(sim, Text("+447700900205"));

        var failed = await sim.Receiver.WaitForAsync(c => StatusOf(c, wamid)?.GetProperty("status").GetString() == "failed");

        Assert.Equal(131047, StatusOf(failed, wamid)!.Value.GetProperty("errors")[0].GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Free_form_outside_the_window_is_refused_at_once_in_sync_mode()
    {
        await using var sim = await SimulatorHost.StartAsync(s => s["GatewaySimulator:Meta:WindowViolation"] = "Sync");

        using var response = await sim.SendMetaAsync(Text("+447700900206"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertEnvelope(await response.Content.ReadFromJsonAsync<JsonElement>(), 131047);
    }

    [Fact]
    public async Task Free_form_inside_a_window_opened_through_admin_is_delivered()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var opened = await sim.AdminPostAsync("recipients/+447700900207/window", new { channel = "Meta" });

        var wamid = await SendAsync(sim, Text("+447700900207"));

        await sim.Receiver.WaitForAsync(c => StatusOf(c, wamid)?.GetProperty("status").GetString() == "delivered");
    }

    [Fact]
    public async Task A_number_not_on_whatsapp_fails_with_131026()
    {
        await using var sim = await SimulatorHost.StartAsync(s => s["GatewaySimulator:Recipients:NotOnWhatsAppPercent"] = "100");
        var wamid = await SendAsync(sim, Template("+447700900208"));

        var failed = await sim.Receiver.WaitForAsync(c => StatusOf(c, wamid)?.GetProperty("status").GetString() == "failed");

        Assert.Equal(131026, StatusOf(failed, wamid)!.Value.GetProperty("errors")[0].GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task The_verification_handshake_succeeds_only_when_the_app_echoes_the_challenge()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var good = await sim.AdminPostAsync("meta/verify-webhook");
        using var bad = await sim.AdminPostAsync("meta/verify-webhook?verifyToken=wrong");

        Assert.True((await good.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verified").GetBoolean());
        var refused = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(refused.GetProperty("verified").GetBoolean());
        Assert.Equal(403, refused.GetProperty("status").GetInt32());
    }

    internal static string Template(string to, string name = "crisis_check_in", string? opaque = null, string? safePayload = null)
    {
        var buttons = safePayload is null ? "" :
            $$""",{"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"{{safePayload}}"}]}""";
        var data = opaque is null ? "" : $$""","biz_opaque_callback_data":"{{opaque}}" """;
        return $$$"""{"messaging_product":"whatsapp","to":"{{{to}}}","type":"template"{{{data}}},"template":{"name":"{{{name}}}","language":{"code":"en"},"components":[{"type":"body","parameters":[{"type":"text","text":"Flood warning"}]}{{{buttons}}}]}}""";
    }

    internal static string Text(string to) =>
        $$$"""{"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{to}}}","type":"text","text":{"body":"Are you safe?"}}""";

    internal static async Task<string> SendAsync(SimulatorHost sim, string body)
    {
        using var response = await sim.SendMetaAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    /// <summary>The status of that message in a Meta webhook, if the webhook carries one.</summary>
    internal static JsonElement? StatusOf(ReceivedCallback callback, string wamid)
    {
        var value = Value(callback);
        if (value is null || !value.Value.TryGetProperty("statuses", out var statuses))
        {
            return null;
        }

        foreach (var status in statuses.EnumerateArray())
        {
            if (status.GetProperty("id").GetString() == wamid)
            {
                return status;
            }
        }

        return null;
    }

    internal static JsonElement? Value(ReceivedCallback callback)
    {
        if (callback.Path != WebhookPath)
        {
            return null;
        }

        using var document = JsonDocument.Parse(callback.Body);
        return document.RootElement.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value").Clone();
    }

    internal static void AssertEnvelope(JsonElement json, int code)
    {
        var error = json.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.StartsWith($"(#{code}) ", error.GetProperty("message").GetString());
        Assert.Equal("OAuthException", error.GetProperty("type").GetString());
        Assert.Equal("whatsapp", error.GetProperty("error_data").GetProperty("messaging_product").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error_data").GetProperty("details").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("fbtrace_id").GetString()));
    }
}
