using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Retries;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Tests.Gateways;

public sealed class SendRetryPolicyTests
{
    private static readonly SendResult.TransientFailure RateLimited = new(null, "20429", "Too many requests");
    private static readonly SendResult.Accepted Accepted = new("SM1", DeliveryStatus.Queued, 1);

    [Fact]
    public async Task A_rate_limited_attempt_is_retried_until_it_succeeds()
    {
        var delay = new RecordingDelay();
        var policy = Policy(delay, new SendRetryOptions());
        var outcomes = new Queue<SendAttempt>([new(RateLimited, true), new(RateLimited, true), new(Accepted)]);

        var result = await policy.ExecuteAsync(_ => Task.FromResult(outcomes.Dequeue()), CancellationToken.None);

        Assert.Equal(Accepted, result);
        Assert.Equal(2, delay.Waits.Count);
    }

    [Fact]
    public async Task Attempts_stop_at_the_configured_bound_and_return_the_last_failure()
    {
        var delay = new RecordingDelay();
        var policy = Policy(delay, new SendRetryOptions { MaxAttempts = 3 });
        var calls = 0;

        var result = await policy.ExecuteAsync(_ => { calls++; return Task.FromResult(new SendAttempt(RateLimited, true)); }, CancellationToken.None);

        Assert.Equal(RateLimited, result);
        Assert.Equal(3, calls);
        Assert.Equal(2, delay.Waits.Count);
    }

    [Fact]
    public async Task A_failure_not_marked_safe_is_returned_at_once()
    {
        var policy = Policy(new RecordingDelay(), new SendRetryOptions());
        var calls = 0;
        var unknown = new SendResult.OutcomeUnknown("dropped");

        var result = await policy.ExecuteAsync(_ => { calls++; return Task.FromResult(new SendAttempt(unknown)); }, CancellationToken.None);

        Assert.Equal(unknown, result);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Retry_after_is_waited_exactly()
    {
        var delay = new RecordingDelay();
        var policy = Policy(delay, new SendRetryOptions());
        var outcomes = new Queue<SendAttempt>([new(RateLimited with { RetryAfter = TimeSpan.FromSeconds(2) }, true), new(Accepted)]);

        await policy.ExecuteAsync(_ => Task.FromResult(outcomes.Dequeue()), CancellationToken.None);

        Assert.Equal([TimeSpan.FromSeconds(2)], delay.Waits);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_cap_is_handed_back_instead_of_waited()
    {
        var delay = new RecordingDelay();
        var policy = Policy(delay, new SendRetryOptions { MaxRetryAfter = TimeSpan.FromSeconds(5) });
        var longWait = RateLimited with { RetryAfter = TimeSpan.FromSeconds(60) };

        var result = await policy.ExecuteAsync(_ => Task.FromResult(new SendAttempt(longWait, true)), CancellationToken.None);

        Assert.Equal(longWait, result);
        Assert.Empty(delay.Waits);
    }

    [Fact]
    public void Back_off_is_full_jitter_under_an_exponential_ceiling_capped_by_max_delay()
    {
        var options = new SendRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(300) };
        var highest = new SendRetryPolicy(Options.Create(options), new RecordingDelay()) { Jitter = () => 0.999999 };
        var lowest = new SendRetryPolicy(Options.Create(options), new RecordingDelay()) { Jitter = () => 0 };

        Assert.Equal(100, highest.DelayBeforeRetry(1, null)!.Value.TotalMilliseconds, 0.01);
        Assert.Equal(200, highest.DelayBeforeRetry(2, null)!.Value.TotalMilliseconds, 0.01);
        Assert.Equal(300, highest.DelayBeforeRetry(3, null)!.Value.TotalMilliseconds, 0.01);
        Assert.Equal(300, highest.DelayBeforeRetry(30, null)!.Value.TotalMilliseconds, 0.01);
        Assert.Equal(TimeSpan.Zero, lowest.DelayBeforeRetry(3, null));
    }

    [Fact]
    public void Settings_out_of_range_are_named()
    {
        var problems = new SendRetryOptions { MaxAttempts = 0, MaxDelay = TimeSpan.FromMilliseconds(1) }.Problems();
        Assert.Contains(problems, p => p.StartsWith("Gateways:Retry:MaxAttempts", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Gateways:Retry:MaxDelay", StringComparison.Ordinal));
    }

    private static SendRetryPolicy Policy(IRetryDelay delay, SendRetryOptions options) => new(Options.Create(options), delay) { Jitter = () => 0.5 };
}

/// <summary>Records the waits instead of sleeping.</summary>
internal sealed class RecordingDelay : IRetryDelay
{
    public List<TimeSpan> Waits { get; } = [];

    public Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        Waits.Add(delay);
        return Task.CompletedTask;
    }
}
