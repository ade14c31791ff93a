namespace CrisisConsole.Gateways.Retries;

/// <summary>Waits between attempts. Replaced in tests so they never sleep.</summary>
public interface IRetryDelay
{
    Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken);
}

public sealed class TimeProviderRetryDelay(TimeProvider time) : IRetryDelay
{
    public Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, time, cancellationToken);
}
