using CrisisConsole.Gateways.Messaging;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Gateways.Retries;

/// <summary>One attempt's result, and whether the provider said the request was refused unprocessed.</summary>
internal readonly record struct SendAttempt(SendResult Result, bool SafeToRetryNow = false);

/// <summary>
/// Bounded retries of sends refused by a rate limit: exponential back-off with full jitter, or the
/// provider's Retry-After when it gives one. Written plainly rather than with a Polly pipeline
/// because the decision depends on the classified result, not on an exception.
/// </summary>
public sealed class SendRetryPolicy(IOptions<SendRetryOptions> options, IRetryDelay delay)
{
    /// <summary>Source of the jitter in [0, 1); replaceable so tests can pin it.</summary>
    internal Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    internal async Task<SendResult> ExecuteAsync(Func<CancellationToken, Task<SendAttempt>> attempt, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            var outcome = await attempt(cancellationToken);
            if (!outcome.SafeToRetryNow || attemptNumber >= settings.MaxAttempts ||
                outcome.Result is not SendResult.TransientFailure transient)
            {
                return outcome.Result;
            }

            var wait = DelayBeforeRetry(attemptNumber, transient.RetryAfter);
            if (wait is null)
            {
                return transient;
            }

            await delay.WaitAsync(wait.Value, cancellationToken);
        }
    }

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based), or null when Retry-After is too long to wait in place.</summary>
    public TimeSpan? DelayBeforeRetry(int retry, TimeSpan? retryAfter)
    {
        var settings = options.Value;
        if (retryAfter is { } asked)
        {
            return asked > settings.MaxRetryAfter ? null : asked < TimeSpan.Zero ? TimeSpan.Zero : asked;
        }

        var exponent = Math.Min(retry - 1, 30);
        var ceiling = Math.Min(settings.MaxDelay.TotalMilliseconds, settings.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling * Jitter());
    }
}
