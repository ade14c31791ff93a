using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Dispatch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Tests.Dispatch;

/// <summary>The senders' rates, counted per second of a clock the test moves by hand.</summary>
public sealed class SenderRateLimitTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SMS_goes_out_at_its_rate_counted_in_segments()
    {
        var clock = new ManualClock(Start);
        using var limiters = Limiters(clock, smsPerSecond: 10);
        var granted = 0;
        var singles = Enumerable.Range(0, 40).Select(async _ =>
        {
            await limiters.AcquireAsync(GatewayProvider.TwilioSms, 1, CancellationToken.None);
            Interlocked.Increment(ref granted);
        }).ToList();

        await DispatchApp.WaitUntilAsync(() => Volatile.Read(ref granted) == 1, "the first token is used");
        for (var second = 1; second <= 3; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var expected = 1 + 10 * second;
            await DispatchApp.WaitUntilAsync(() => Volatile.Read(ref granted) == expected && limiters.Waiting(GatewayProvider.TwilioSms) > 0,
                $"{expected} sends are allowed after {second} s");
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(singles);
        Assert.Equal(40, granted);
    }

    [Fact]
    public async Task A_three_segment_SMS_takes_three_tokens()
    {
        var clock = new ManualClock(Start);
        using var limiters = Limiters(clock, smsPerSecond: 10);
        await limiters.AcquireAsync(GatewayProvider.TwilioSms, 1, CancellationToken.None);

        var long1 = limiters.AcquireAsync(GatewayProvider.TwilioSms, 3, CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(200));
        await DispatchApp.WaitUntilAsync(() => limiters.Waiting(GatewayProvider.TwilioSms) > 0, "the third segment waits");
        Assert.False(long1.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(100));
        await long1;
    }

    [Fact]
    public async Task Without_rate_limits_nothing_waits()
    {
        using var limiters = new SenderRateLimiters(Options.Create(new DispatchOptions { RateLimitsEnabled = false }), new ManualClock(Start));

        for (var i = 0; i < 1000; i++)
        {
            await limiters.AcquireAsync(GatewayProvider.MetaWhatsApp, 1, CancellationToken.None);
        }

        Assert.Equal(0, limiters.Waiting(GatewayProvider.MetaWhatsApp));
    }

    [Fact]
    public async Task The_messaging_service_sends_WhatsApp_no_faster_than_the_senders_rate()
    {
        var clock = new ManualClock(Start);
        var gateways = new FakeGateways();
        SenderRateLimiters? limiters = null;
        await using var app = await DispatchApp.StartAsync(
            new Dictionary<string, string?> { ["Dispatch:RateLimitsEnabled"] = "true", ["Dispatch:WhatsAppPerSecond"] = "5" },
            services =>
            {
                gateways.Install(services);
                services.RemoveAll<SenderRateLimiters>();
                services.AddSingleton(provider => limiters = new SenderRateLimiters(provider.GetRequiredService<IOptions<DispatchOptions>>(), clock));
            });
        var data = new DispatchData(app);
        var template = await data.TemplateAsync();
        await data.BroadcastAsync(template, await data.ContactsAsync(30), ChannelPolicy.WhatsAppOnly);

        // A bucket holds one refill step, and advancing the clock a second fires its five steps at once: a
        // step finding nobody waiting is lost. So before each second passes, wait until at least a second's
        // worth of sends is queued; on a loaded machine the lane can take a while to get them all waiting.
        const int perSecond = 5;
        await DispatchApp.WaitUntilAsync(() => gateways.Meta.Calls.Count == 1 && limiters!.Waiting(GatewayProvider.MetaWhatsApp) >= perSecond,
            "the first message is sent and the next ones wait");
        for (var second = 1; second <= 3; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var expected = 1 + perSecond * second;
            await DispatchApp.WaitUntilAsync(() => gateways.Meta.Calls.Count == expected && limiters!.Waiting(GatewayProvider.MetaWhatsApp) >= perSecond,
                $"exactly {expected} messages are sent after {second} s");
        }
    }

    [Theory]
    [InlineData(10, 1, 100)]
    [InlineData(80, 8, 100)]
    [InlineData(1000, 100, 100)]
    [InlineData(0.5, 1, 2000)]
    public void A_bucket_refills_in_steps_of_about_a_tenth_of_a_second(double perSecond, int tokens, int periodMs)
    {
        var (stepTokens, period) = SenderRateLimiters.StepFor(perSecond);

        Assert.Equal(tokens, stepTokens);
        Assert.Equal(TimeSpan.FromMilliseconds(periodMs), period);
    }

    private static SenderRateLimiters Limiters(TimeProvider clock, double smsPerSecond) =>
        new(Options.Create(new DispatchOptions { RateLimitsEnabled = true, SmsPerSecond = smsPerSecond }), clock);
}
