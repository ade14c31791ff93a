using System.Text;
using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Tests.Gateways;

/// <summary>The Twilio SMS client against a real HTTP server answering with Twilio's wire responses (gateways.md A.1).</summary>
public sealed class TwilioSmsGatewayTests : IAsyncLifetime
{
    private const string Sid = "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static readonly OutboundMessage Message = new() { To = "+447700900123", Text = "Flood warning: move to higher ground.", CorrelationId = "42" };

    private readonly RecordingDelay delay = new();
    private FakeProviderServer server = null!;

    public async Task InitializeAsync() => server = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task A_created_message_is_accepted_with_its_sid_status_and_segments()
    {
        server.Reply(201, Created(status: "queued", segments: "\"1\""));

        var result = await Send(Message);

        Assert.Equal(new SendResult.Accepted(Sid, DeliveryStatus.Queued, 1), result);
    }

    [Fact]
    public async Task The_request_is_form_encoded_with_basic_auth_and_a_status_callback_naming_the_delivery()
    {
        server.Reply(201, Created());

        await Send(Message);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/2010-04-01/Accounts/{GatewayClientFixture.AccountSid}/Messages.json", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{GatewayClientFixture.AccountSid}:{GatewayClientFixture.AuthToken}")), request.Authorization);
        Assert.Equal("application/json", request.Accept);
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType);
        var form = request.Form();
        Assert.Equal("+447700900123", form["To"]);
        Assert.Equal("+15005550006", form["From"]);
        Assert.Equal(Message.Text, form["Body"]);
        Assert.Equal("https://console.example.test/webhooks/twilio/status?delivery=42", form["StatusCallback"]);
    }

    [Fact]
    public async Task A_configured_callback_with_a_query_and_a_fragment_keeps_both_around_the_delivery_id()
    {
        server.Reply(201, Created());
        var options = GatewayClientFixture.Options(server.BaseUrl);
        options.Twilio.StatusCallbackUrl = "https://hooks.example.test/cb?tenant=a#rc=3";
        var gateway = GatewayClientFixture.TwilioSms(server.BaseUrl, delay, options);

        await gateway.SendAsync(Message, CancellationToken.None);

        Assert.Equal("https://hooks.example.test/cb?tenant=a&delivery=42#rc=3", server.Requests[0].Form()["StatusCallback"]);
    }

    [Fact]
    public async Task Zero_segments_from_a_messaging_service_are_counted_from_the_text()
    {
        server.Reply(201, Created(status: "accepted", segments: "\"0\""));
        var longText = Message with { Text = new string('a', 200) };

        var result = await Send(longText);

        Assert.Equal(new SendResult.Accepted(Sid, DeliveryStatus.Accepted, 2), result);
    }

    [Fact]
    public async Task An_invalid_number_is_a_permanent_failure_and_is_not_retried()
    {
        server.Reply(400, """{"code": 21211, "message": "The 'To' number +1555 is not a valid phone number.", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""");

        var result = await Send(Message);

        var failure = Assert.IsType<SendResult.PermanentFailure>(result);
        Assert.Equal("21211", failure.ProviderCode);
        Assert.Equal(PermanentFailureKind.InvalidNumber, failure.Kind);
        Assert.Equal("The 'To' number +1555 is not a valid phone number.", failure.Reason);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_opted_out_recipient_is_a_permanent_failure()
    {
        server.Reply(400, """{"code": 21610, "message": "Attempt to send to unsubscribed recipient", "more_info": "https://www.twilio.com/docs/errors/21610", "status": 400}""");

        var failure = Assert.IsType<SendResult.PermanentFailure>(await Send(Message));

        Assert.Equal(PermanentFailureKind.OptedOut, failure.Kind);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Bad_credentials_are_an_account_problem()
    {
        server.Reply(401, """{"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}""");

        Assert.Equal(PermanentFailureKind.AccountProblem, Assert.IsType<SendResult.PermanentFailure>(await Send(Message)).Kind);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_given_retry_after_and_then_succeeds()
    {
        server.Reply(429, """{"code": 20429, "message": "Too Many Requests", "more_info": "https://www.twilio.com/docs/errors/20429", "status": 429}""", retryAfter: "1");
        server.Reply(201, Created());

        var result = await Send(Message);

        Assert.IsType<SendResult.Accepted>(result);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1)], delay.Waits);
    }

    [Fact]
    public async Task A_429_storm_stops_after_three_attempts_as_a_transient_failure()
    {
        for (var i = 0; i < 5; i++)
        {
            server.Reply(429, """{"code": 20429, "message": "Too Many Requests", "more_info": "https://www.twilio.com/docs/errors/20429", "status": 429}""");
        }

        var failure = Assert.IsType<SendResult.TransientFailure>(await Send(Message));

        Assert.Equal("20429", failure.Code);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(2, delay.Waits.Count);
        Assert.All(delay.Waits, wait => Assert.InRange(wait, TimeSpan.Zero, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task A_500_is_an_unknown_outcome_and_is_never_retried()
    {
        server.Reply(500, """{"code": 20500, "message": "Internal Server Error", "more_info": "https://www.twilio.com/docs/errors/20500", "status": 500}""");
        server.Reply(201, Created());

        Assert.IsType<SendResult.OutcomeUnknown>(await Send(Message));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_connection_closed_after_the_request_was_read_is_an_unknown_outcome_and_is_never_retried()
    {
        server.DropConnectionAfterReading();
        server.Reply(201, Created());

        Assert.IsType<SendResult.OutcomeUnknown>(await Send(Message));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task No_answer_within_the_time_out_is_an_unknown_outcome()
    {
        server.Hang();
        var gateway = GatewayClientFixture.TwilioSms(server.BaseUrl, delay, timeout: TimeSpan.FromMilliseconds(300));

        Assert.IsType<SendResult.OutcomeUnknown>(await gateway.SendAsync(Message, CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_connection_is_a_transient_failure_since_nothing_was_sent()
    {
        var closed = await FakeProviderServer.StartAsync();
        var address = closed.BaseUrl;
        await closed.DisposeAsync();

        var failure = Assert.IsType<SendResult.TransientFailure>(await GatewayClientFixture.TwilioSms(address, delay).SendAsync(Message, CancellationToken.None));

        Assert.Equal("connect_failed", failure.Code);
    }

    [Fact]
    public async Task A_created_answer_without_a_sid_is_an_unknown_outcome()
    {
        server.Reply(201, "<html>proxy</html>");

        Assert.IsType<SendResult.OutcomeUnknown>(await Send(Message));
    }

    [Fact]
    public async Task An_invalid_message_is_refused_without_calling_twilio()
    {
        var failure = Assert.IsType<SendResult.PermanentFailure>(await Send(Message with { To = "07700 900123" }));

        Assert.Equal("invalid_message", failure.ProviderCode);
        Assert.Equal(PermanentFailureKind.InvalidRequest, failure.Kind);
        Assert.Empty(server.Requests);
    }

    private Task<SendResult> Send(OutboundMessage message) =>
        GatewayClientFixture.TwilioSms(server.BaseUrl, delay).SendAsync(message, CancellationToken.None);

    internal static string Created(string status = "queued", string segments = "\"1\"", string sid = Sid) => $$"""
        {"account_sid": "{{GatewayClientFixture.AccountSid}}", "api_version": "2010-04-01", "body": "Hello! 👍",
         "date_created": "Thu, 24 Aug 2023 05:01:45 +0000", "date_sent": "Thu, 24 Aug 2023 05:01:45 +0000",
         "date_updated": "Thu, 24 Aug 2023 05:01:45 +0000", "direction": "outbound-api", "error_code": null, "error_message": null,
         "from": "+14155552345", "messaging_service_sid": "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "num_media": "0", "num_segments": {{segments}},
         "price": null, "price_unit": null, "sid": "{{sid}}", "status": "{{status}}",
         "subresource_uris": {"media": "/2010-04-01/Accounts/AC/Messages/SM/Media.json"}, "to": "+14155552345", "uri": "/2010-04-01/Accounts/AC/Messages/SM.json"}
        """;
}
