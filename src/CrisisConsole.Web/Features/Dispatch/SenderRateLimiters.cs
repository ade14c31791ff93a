using CrisisConsole.Gateways.Messaging;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>
/// One token bucket per sender (each provider has one configured sender: the SMS number, the Twilio
/// WhatsApp number, the Meta phone number id), at Dispatch:SmsPerSecond (counted in SMS segments) or
/// Dispatch:WhatsAppPerSecond. A bucket refills in small steps (about a tenth of a second's worth at a
/// time) and holds no more than one step, so over any second at most rate + one step go out. Waiters are
/// served oldest first. Switched off entirely with Dispatch:RateLimitsEnabled=false (benchmarks).
/// </summary>
/// <remarks>
/// Not System.Threading.RateLimiting's TokenBucketRateLimiter: even when replenished by hand it measures
/// the elapsed time with Stopwatch, so it cannot follow an injected <see cref="TimeProvider"/>. These
/// buckets refill on timers of the injected clock, which is what lets tests count sends per second of a
/// fake clock instead of asserting on the wall clock.
/// </remarks>
public sealed class SenderRateLimiters : IDisposable
{
    private readonly Dictionary<GatewayProvider, TokenBucket> buckets = [];
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
            buckets[provider] = new TokenBucket(rate, time);
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
            await bucket.AcquireAsync(cancellationToken);
        }
    }

    /// <summary>Callers waiting for the provider's sender (tests use it to know the sends are held back).</summary>
    public int Waiting(GatewayProvider provider) => enabled ? buckets[provider].Waiting : 0;

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

    private sealed class TokenBucket : IDisposable
    {
        private readonly Lock gate = new();
        private readonly Queue<TaskCompletionSource> waiters = new();
        private readonly ITimer timer;
        private readonly int step;
        private int tokens;

        public TokenBucket(double perSecond, TimeProvider time)
        {
            var (stepTokens, period) = StepFor(perSecond);
            step = stepTokens;
            tokens = stepTokens;
            timer = time.CreateTimer(_ => Refill(), null, period, period);
        }

        public int Waiting
        {
            get
            {
                lock (gate)
                {
                    return waiters.Count(w => !w.Task.IsCompleted);
                }
            }
        }

        public Task AcquireAsync(CancellationToken cancellationToken)
        {
            TaskCompletionSource waiter;
            lock (gate)
            {
                DropFinished();
                if (tokens > 0 && waiters.Count == 0)
                {
                    tokens--;
                    return Task.CompletedTask;
                }

                waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Enqueue(waiter);
            }

            if (!cancellationToken.CanBeCanceled)
            {
                return waiter.Task;
            }

            var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
            return waiter.Task.ContinueWith(t =>
            {
                registration.Dispose();
                return t;
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
        }

        private void Refill()
        {
            lock (gate)
            {
                tokens = Math.Min(step, tokens + step);
                while (tokens > 0 && waiters.TryDequeue(out var waiter))
                {
                    // A waiter cancelled meanwhile does not use the token.
                    if (waiter.TrySetResult())
                    {
                        tokens--;
                    }
                }
            }
        }

        private void DropFinished()
        {
            while (waiters.TryPeek(out var first) && first.Task.IsCompleted)
            {
                waiters.Dequeue();
            }
        }

        public void Dispose()
        {
            timer.Dispose();
            lock (gate)
            {
                while (waiters.TryDequeue(out var waiter))
                {
                    waiter.TrySetCanceled();
                }
            }
        }
    }
}
