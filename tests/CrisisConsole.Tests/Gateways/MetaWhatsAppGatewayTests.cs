using System.Text.Json;
using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Tests.Gateways;

/// <summary>The WhatsApp Cloud client against a real HTTP server answering with Meta's wire responses (gateways.md B.1).</summary>
public sealed class MetaWhatsAppGatewayTests : IAsyncLifetime
{
    private const string Wamid = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";
    private const string Accepted = """
        {"messaging_product":"whatsapp","contacts":[{"input":"+447700900123","wa_id":"447700900123"}],
         "messages":[{"id":"wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"}]}
        """;

    private static readonly OutboundMessage Message = new() { To = "+447700900123", Text = "Are you safe?", CorrelationId = "42" };

    private readonly RecordingDelay delay = new();
    private FakeProviderServer server = null!;

    public async Task InitializeAsync() => server = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task An_accepted_message_returns_its_wamid()
    {
        server.Reply(200, Accepted);

        Assert.Equal(new SendResult.Accepted(Wamid, DeliveryStatus.Accepted, 1), await Send(Message));
    }

    [Fact]
    public async Task Text_is_posted_as_json_with_a_bearer_token_and_our_correlation_id()
    {
        server.Reply(200, Accepted);

        await Send(Message);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v21.0/106540352242922/messages", request.Path);
        Assert.Equal("Bearer " + GatewayClientFixture.AccessToken, request.Authorization);
        Assert.Equal("application/json", request.ContentType);
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("whatsapp", root.GetProperty("messaging_product").GetString());
        Assert.Equal("+447700900123", root.GetProperty("to").GetString());
        Assert.Equal("text", root.GetProperty("type").GetString());
        Assert.Equal("Are you safe?", root.GetProperty("text").GetProperty("body").GetString());
        Assert.Equal("42", root.GetProperty("biz_opaque_callback_data").GetString());
    }

    [Fact]
    public async Task Quick_replies_with_text_become_interactive_reply_buttons()
    {
        server.Reply(200, Accepted);

        await Send(Message with { QuickReplies = [new("SAFE", "I am safe"), new("HELP", "I need help")] });

        using var json = JsonDocument.Parse(server.Requests[0].Body);
        var interactive = json.RootElement.GetProperty("interactive");
        Assert.Equal("interactive", json.RootElement.GetProperty("type").GetString());
        Assert.Equal("button", interactive.GetProperty("type").GetString());
        Assert.Equal("Are you safe?", interactive.GetProperty("body").GetProperty("text").GetString());
        var buttons = interactive.GetProperty("action").GetProperty("buttons").EnumerateArray().ToList();
        Assert.Equal(["SAFE", "HELP"], buttons.Select(b => b.GetProperty("reply").GetProperty("id").GetString()));
        Assert.Equal(["I am safe", "I need help"], buttons.Select(b => b.GetProperty("reply").GetProperty("title").GetString()));
        Assert.All(buttons, b => Assert.Equal("reply", b.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task A_template_carries_its_language_positional_parameters_and_button_payloads()
    {
        server.Reply(200, Accepted);

        await Send(Message with
        {
            MetaTemplate = new MetaMessageTemplate("flood_checkin", "ar", ["أمينة", "Zone B"]),
            QuickReplies = [new("SAFE", "أنا بخير")],
        });

        using var json = JsonDocument.Parse(server.Requests[0].Body);
        var template = json.RootElement.GetProperty("template");
        Assert.Equal("template", json.RootElement.GetProperty("type").GetString());
        Assert.Equal("flood_checkin", template.GetProperty("name").GetString());
        Assert.Equal("ar", template.GetProperty("language").GetProperty("code").GetString());
        var components = template.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal("body", components[0].GetProperty("type").GetString());
        Assert.Equal(["أمينة", "Zone B"], components[0].GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("text").GetString()));
        Assert.Equal("quick_reply", components[1].GetProperty("sub_type").GetString());
        Assert.Equal("0", components[1].GetProperty("index").GetString());
        Assert.Equal("SAFE", components[1].GetProperty("parameters")[0].GetProperty("payload").GetString());
    }

    [Theory]
    [InlineData(131026, "Message Undeliverable.", PermanentFailureKind.NotOnWhatsApp)]
    [InlineData(131047, "Re-engagement message", PermanentFailureKind.WindowClosed)]
    [InlineData(132001, "Template name does not exist in the translation", PermanentFailureKind.TemplateProblem)]
    [InlineData(190, "Error validating access token", PermanentFailureKind.AccountProblem)]
    public async Task A_refusal_is_a_permanent_failure_of_its_kind_and_is_not_retried(int code, string title, PermanentFailureKind kind)
    {
        server.Reply(400, Error(code, title, "details"));

        var failure = Assert.IsType<SendResult.PermanentFailure>(await Send(Message));

        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), failure.ProviderCode);
        Assert.Equal(kind, failure.Kind);
        Assert.Equal($"(#{code}) {title}: details", failure.Reason);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(400)]
    public async Task Throughput_limit_130429_is_retried_whatever_the_http_status(int status)
    {
        server.Reply(status, Error(130429, "Rate limit hit", "Cloud API message throughput has been reached."));
        server.Reply(200, Accepted);

        Assert.IsType<SendResult.Accepted>(await Send(Message));
        Assert.Equal(2, server.Requests.Count);
        Assert.Single(delay.Waits);
    }

    [Fact]
    public async Task A_pair_rate_limit_that_persists_ends_as_a_transient_failure_after_three_attempts()
    {
        for (var i = 0; i < 3; i++)
        {
            server.Reply(400, Error(131056, "(Business Account, Consumer Account) pair rate limit hit", "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time."));
        }

        var failure = Assert.IsType<SendResult.TransientFailure>(await Send(Message));

        Assert.Equal("131056", failure.Code);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_service_error_is_transient_but_not_retried_in_place()
    {
        server.Reply(500, Error(131000, "Something went wrong", "Unknown error"));

        Assert.IsType<SendResult.TransientFailure>(await Send(Message));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_500_without_an_error_body_is_an_unknown_outcome()
    {
        server.Reply(500, "");

        Assert.IsType<SendResult.OutcomeUnknown>(await Send(Message));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_connection_closed_after_the_request_was_read_is_an_unknown_outcome_and_is_never_retried()
    {
        server.DropConnectionAfterReading();
        server.Reply(200, Accepted);

        Assert.IsType<SendResult.OutcomeUnknown>(await Send(Message));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_200_without_a_message_id_is_an_unknown_outcome()
    {
        server.Reply(200, """{"messaging_product":"whatsapp","contacts":[]}""");

        Assert.IsType<SendResult.OutcomeUnknown>(await Send(Message));
    }

    private Task<SendResult> Send(OutboundMessage message) =>
        GatewayClientFixture.Meta(server.BaseUrl, delay).SendAsync(message, CancellationToken.None);

    private static string Error(int code, string title, string details) => JsonSerializer.Serialize(new
    {
        error = new
        {
            message = $"(#{code}) {title}",
            type = "OAuthException",
            code,
            error_data = new { messaging_product = "whatsapp", details },
            fbtrace_id = "Az8or2yhqkZfEZ-_4Qn_Bam",
        },
    });
}
