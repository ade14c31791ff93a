using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Tests.Gateways;

public sealed class TwilioWhatsAppGatewayTests : IAsyncLifetime
{
    private readonly RecordingDelay delay = new();
    private FakeProviderServer server = null!;

    public async Task InitializeAsync() => server = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Free_text_goes_with_whatsapp_on_both_addresses()
    {
        server.Reply(201, TwilioSmsGatewayTests.Created(sid: "SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"));

        var result = await Send(new OutboundMessage { To = "+447700900123", Text = "Are you safe?", CorrelationId = "7" });

        Assert.Equal(new SendResult.Accepted("SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", DeliveryStatus.Queued, 1), result);
        var form = Assert.Single(server.Requests).Form();
        Assert.Equal("whatsapp:+447700900123", form["To"]);
        Assert.Equal("whatsapp:+14155238886", form["From"]);
        Assert.Equal("Are you safe?", form["Body"]);
        Assert.EndsWith("?delivery=7", form["StatusCallback"]);
    }

    [Fact]
    public async Task A_content_template_goes_as_content_sid_and_json_variables_without_a_body()
    {
        server.Reply(201, TwilioSmsGatewayTests.Created());
        var contentSid = "HX" + new string('0', 32);

        await Send(new OutboundMessage
        {
            To = "+447700900123",
            Text = "ignored when a template is given",
            TwilioContent = new TwilioContentTemplate(contentSid, new Dictionary<string, string> { ["1"] = "Amina", ["2"] = "Zone B" }),
        });

        var form = server.Requests[0].Form();
        Assert.Equal(contentSid, form["ContentSid"]);
        Assert.Equal("""{"1":"Amina","2":"Zone B"}""", form["ContentVariables"]);
        Assert.False(form.ContainsKey("Body"));
    }

    [Fact]
    public async Task A_channel_rate_limit_other_than_20429_is_transient_but_not_retried_in_place()
    {
        server.Reply(400, """{"code": 63018, "message": "Rate limit exceeded for Channel", "more_info": "https://www.twilio.com/docs/errors/63018", "status": 400}""");
        server.Reply(201, TwilioSmsGatewayTests.Created());

        var failure = Assert.IsType<SendResult.TransientFailure>(await Send(new OutboundMessage { To = "+447700900123", Text = "Hi" }));

        Assert.Equal("63018", failure.Code);
        Assert.Single(server.Requests);
    }

    private Task<SendResult> Send(OutboundMessage message) =>
        GatewayClientFixture.TwilioWhatsApp(server.BaseUrl, delay).SendAsync(message, CancellationToken.None);
}
