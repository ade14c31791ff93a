using CrisisConsole.Gateways.Messaging;
using CrisisConsole.GatewaySimulator.Faults;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.EndToEnd;

/// <summary>
/// Each real client against the real simulator over HTTP, one test per result class. Faults are
/// scoped to the test's own recipient, so the tests do not disturb each other.
/// </summary>
public sealed class ClientResultClassesTests : IAsyncLifetime
{
    private RunningConsole console = default!;

    public async Task InitializeAsync() => console = await RunningConsole.StartAsync(new Dictionary<string, string?>
    {
        ["GatewaySimulator:Recipients:NotOnWhatsAppPercent"] = "0",
        ["GatewaySimulator:Recipients:SmsUnreachablePercent"] = "0",
        ["GatewaySimulator:Recipients:Enabled"] = "false",
        ["Gateways:Retry:BaseDelay"] = "00:00:00.010",
        ["Gateways:Retry:MaxDelay"] = "00:00:00.050",
    });

    public async Task DisposeAsync() => await console.DisposeAsync();

    private static string NewRecipient() => "+4477008" + Random.Shared.Next(10_000, 99_999);

    private IMessageGateway Gateway(GatewayProvider provider) => console.Services.GetServices<IMessageGateway>().Single(g => g.Provider == provider);

    // Rate limiting is decided before the simulator reads the body, so those rules cannot be scoped to a
    // recipient (pass null) and are removed at the end of their test instead.
    private FaultRule Inject(FaultTarget target, FaultKind kind, string? recipient, int? remaining = null, int? errorCode = null, int? statusCode = null) =>
        console.Services.GetRequiredService<FaultInjector>().Add(new FaultRule
        {
            Target = target,
            Kind = kind,
            Recipient = recipient,
            Remaining = remaining,
            ErrorCode = errorCode,
            StatusCode = statusCode,
            RetryAfterSeconds = 0,
            HangMilliseconds = 0,
        });

    /// <summary>Sends once while a rule that cannot be scoped to a recipient is in force, then removes the rule.</summary>
    private async Task<SendResult> SendDuringAsync(FaultRule rule, GatewayProvider provider, OutboundMessage message)
    {
        try
        {
            return await Gateway(provider).SendAsync(message, CancellationToken.None);
        }
        finally
        {
            console.Services.GetRequiredService<FaultInjector>().Remove(rule.Id);
        }
    }

    private static OutboundMessage Sms(string to) => new() { To = to, Text = "Evacuate zone North now." };

    private static OutboundMessage MetaTemplate(string to, string name = "hello_world") => new() { To = to, MetaTemplate = new MetaMessageTemplate(name, "en_US") };

    [Fact]
    public async Task A_single_429_is_retried_by_the_Twilio_client_and_the_message_is_accepted()
    {
        var rule = Inject(FaultTarget.Twilio, FaultKind.RateLimited, null, remaining: 1);

        var result = await Gateway(GatewayProvider.TwilioSms).SendAsync(Sms(NewRecipient()), CancellationToken.None);

        Assert.Equal(1, rule.Fired);
        Assert.IsType<SendResult.Accepted>(result);
    }

    [Fact]
    public async Task A_429_storm_ends_as_a_transient_failure()
    {
        var rule = Inject(FaultTarget.Twilio, FaultKind.RateLimited, null);
        var result = await SendDuringAsync(rule, GatewayProvider.TwilioSms, Sms(NewRecipient()));

        Assert.True(rule.Fired > 1, "the client should have retried before giving up");
        var transient = Assert.IsType<SendResult.TransientFailure>(result);
        Assert.Equal("20429", transient.Code);
    }

    [Theory]
    [InlineData(21211, PermanentFailureKind.InvalidNumber)]
    [InlineData(21610, PermanentFailureKind.OptedOut)]
    public async Task Twilio_refusals_are_permanent_with_their_kind(int code, PermanentFailureKind kind)
    {
        var to = NewRecipient();
        Inject(FaultTarget.Twilio, FaultKind.RejectWithError, to, errorCode: code);

        var result = await Gateway(GatewayProvider.TwilioSms).SendAsync(Sms(to), CancellationToken.None);

        var permanent = Assert.IsType<SendResult.PermanentFailure>(result);
        Assert.Equal(code.ToString(), permanent.ProviderCode);
        Assert.Equal(kind, permanent.Kind);
    }

    [Fact]
    public async Task A_STOP_from_the_recipient_makes_the_next_Twilio_send_an_opt_out()
    {
        var to = NewRecipient();
        var inbound = console.Services.GetRequiredService<CrisisConsole.GatewaySimulator.Recipients.InboundDispatcher>();
        inbound.Send(CrisisConsole.GatewaySimulator.Recipients.SimulatedChannel.Sms, to,
            new CrisisConsole.GatewaySimulator.Recipients.InboundMessage { Text = "STOP" });

        var result = await Gateway(GatewayProvider.TwilioSms).SendAsync(Sms(to), CancellationToken.None);

        var permanent = Assert.IsType<SendResult.PermanentFailure>(result);
        Assert.Equal("21610", permanent.ProviderCode);
        Assert.Equal(PermanentFailureKind.OptedOut, permanent.Kind);
    }

    [Theory]
    [InlineData(FaultKind.TimeoutAfterAccept, null)]
    [InlineData(FaultKind.ServerErrorAfterAccept, 503)]
    public async Task A_Twilio_send_that_may_have_been_created_is_an_unknown_outcome_never_retried(FaultKind kind, int? status)
    {
        var to = NewRecipient();
        var rule = Inject(FaultTarget.Twilio, kind, to, remaining: 5, statusCode: status);

        var result = await Gateway(GatewayProvider.TwilioSms).SendAsync(Sms(to), CancellationToken.None);

        Assert.IsType<SendResult.OutcomeUnknown>(result);
        Assert.Equal(1, rule.Fired);
    }

    [Theory]
    [InlineData(131026, PermanentFailureKind.NotOnWhatsApp)]
    [InlineData(131047, PermanentFailureKind.WindowClosed)]
    public async Task Meta_refusals_are_permanent_with_their_kind(int code, PermanentFailureKind kind)
    {
        var to = NewRecipient();
        Inject(FaultTarget.Meta, FaultKind.RejectWithError, to, errorCode: code);

        var result = await Gateway(GatewayProvider.MetaWhatsApp).SendAsync(MetaTemplate(to), CancellationToken.None);

        var permanent = Assert.IsType<SendResult.PermanentFailure>(result);
        Assert.Equal(code.ToString(), permanent.ProviderCode);
        Assert.Equal(kind, permanent.Kind);
    }

    [Fact]
    public async Task An_unknown_Meta_template_is_a_template_problem()
    {
        var result = await Gateway(GatewayProvider.MetaWhatsApp).SendAsync(MetaTemplate(NewRecipient(), "no_such_template"), CancellationToken.None);

        var permanent = Assert.IsType<SendResult.PermanentFailure>(result);
        Assert.Equal("132001", permanent.ProviderCode);
        Assert.Equal(PermanentFailureKind.TemplateProblem, permanent.Kind);
    }

    [Fact]
    public async Task Meta_throughput_limits_end_as_a_transient_failure()
    {
        var rule = Inject(FaultTarget.Meta, FaultKind.RateLimited, null);
        var result = await SendDuringAsync(rule, GatewayProvider.MetaWhatsApp, MetaTemplate(NewRecipient()));

        Assert.Equal("130429", Assert.IsType<SendResult.TransientFailure>(result).Code);
    }

    [Fact]
    public async Task Free_form_WhatsApp_outside_the_window_is_accepted_then_fails_63016_by_callback()
    {
        var to = NewRecipient();
        var deliveryId = await console.AddPendingDeliveryAsync(GatewayProvider.TwilioWhatsApp, to);

        var result = await Gateway(GatewayProvider.TwilioWhatsApp).SendAsync(
            new OutboundMessage { To = to, Text = "Are you safe?", CorrelationId = deliveryId.ToString() }, CancellationToken.None);
        Assert.IsType<SendResult.Accepted>(result);
        await console.Services.GetRequiredService<DeliveryStatusTracker>().RecordSendResultAsync(deliveryId, result, CancellationToken.None);

        await RunningConsole.WaitUntilAsync(async () =>
        {
            await using var db = console.CreateDbContext();
            return await db.Set<Delivery>().AnyAsync(d => d.Id == deliveryId && d.Status == DeliveryStatus.Failed);
        }, TimeSpan.FromSeconds(60), "the 63016 failure callback");

        await using (var db = console.CreateDbContext())
        {
            Assert.Equal("63016", (await db.Set<Delivery>().SingleAsync(d => d.Id == deliveryId)).ErrorCode);
        }
    }
}
