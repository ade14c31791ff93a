using System.Threading.RateLimiting;
using CrisisConsole.Gateways.Messaging;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>
/// One token bucket per sender (each provider has one configured sender: the SMS number, the Twilio
/// WhatsApp number, the Meta phone number id), at Dispatch:SmsPerSecond (counted in SMS segments) or
/// Dispatch:WhatsAppPerSecond. The buckets refill in small steps (about a tenth of a second's worth at a
/// time) on the injected <see cref="TimeProvider"/>, so tests drive them with a fake clock, and they hold
/// no more than one step: over any second at most rate + one step go out. Switched off entirely with
/// Dispatch:RateLimitsEnabled=false (benchmarks).
/// </summary>
public sealed class SenderRateLimiters : IDisposable
{
    private readonly Dictionary<GatewayProvider, Bucket> buckets = [];
    private readonly bool enabled;

    public SenderRateLimiters(IOptions<DispatchOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        enabled = settings.RateLimitsEnabled;
        if (!enabled)
        {
            return;
        }

        foreach (var provider in Enum.GetValues<GatewayProvider>())
        {
            var rate = provider == GatewayProvider.TwilioSms ? settings.SmsPerSecond : settings.WhatsAppPerSecond;
            buckets[provider] = new Bucket(rate, time);
        }
    }

    public bool Enabled => enabled;

    /// <summary>Waits until <paramref name="permits"/> (SMS segments, or 1 for WhatsApp) may go out through the provider's sender.</summary>
    public async ValueTask AcquireAsync(GatewayProvider provider, int permits, CancellationToken cancellationToken)
    {
        if (!enabled)
        {
            return;
        }

        var bucket = buckets[provider];
        // One token at a time: a bucket holds only one refill step, which may be smaller than a long SMS.
        for (var i = 0; i < Math.Max(1, permits); i++)
        {
            using var lease = await bucket.Limiter.AcquireAsync(1, cancellationToken);
            if (!lease.IsAcquired)
            {
                throw new InvalidOperationException("The rate limiter's queue is full; more senders wait than it was sized for.");
            }
        }
    }

    /// <summary>Callers waiting for the provider's sender (tests use it to know the sends are held back).</summary>
    public long Waiting(GatewayProvider provider) =>
        enabled ? buckets[provider].Limiter.GetStatistics()?.CurrentQueuedCount ?? 0 : 0;

    /// <summary>The tokens added per refill step and the step's length, for a rate in permits per second.</summary>
    internal static (int Tokens, TimeSpan Period) StepFor(double perSecond)
    {
        var tokens = Math.Max(1, (int)Math.Round(perSecond / 10, MidpointRounding.AwayFromZero));
        return (tokens, TimeSpan.FromSeconds(tokens / perSecond));
    }

    public void Dispose()
    {
        foreach (var bucket in buckets.Values)
        {
            bucket.Dispose();
        }
    }

    private sealed class Bucket : IDisposable
    {
        private readonly ITimer timer;

        public Bucket(double perSecond, TimeProvider time)
        {
            var (tokens, period) = StepFor(perSecond);
            // Manual replenishment: each TryReplenish adds one step, and our timer (on the injected clock)
            // calls it once per period. The framework's own timer would run on the wall clock.
            Limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = tokens,
                TokensPerPeriod = tokens,
                ReplenishmentPeriod = period,
                AutoReplenishment = false,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
            timer = time.CreateTimer(_ => Limiter.TryReplenish(), null, period, period);
        }

        public TokenBucketRateLimiter Limiter { get; }

        public void Dispose()
        {
            timer.Dispose();
            Limiter.Dispose();
        }
    }
}
