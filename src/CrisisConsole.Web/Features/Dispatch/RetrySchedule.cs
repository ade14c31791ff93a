namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>When to try a transiently failed delivery again.</summary>
public static class RetrySchedule
{
    /// <summary>
    /// Exponential back-off with "equal jitter": a random time in [c/2, c] where c = min(max, base × 2^(attempt-1)),
    /// so retries spread out but never come back at once; never sooner than the provider's Retry-After.
    /// </summary>
    /// <param name="attempt">The attempt that just failed (1 for the first send).</param>
    /// <param name="jitter">A number in [0, 1).</param>
    public static TimeSpan DelayFor(int attempt, TimeSpan? retryAfter, TimeSpan baseDelay, TimeSpan maxDelay, double jitter)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        var backoff = TimeSpan.FromMilliseconds(ceiling / 2 + ceiling / 2 * Math.Clamp(jitter, 0, 1));
        return retryAfter is { } asked && asked > backoff ? asked : backoff;
    }
}
