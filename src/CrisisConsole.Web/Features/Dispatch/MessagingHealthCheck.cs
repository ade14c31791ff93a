using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>Whether the messaging service's loop runs: set by the loop, read by the health check.</summary>
public sealed class MessagingServiceStatus(TimeProvider time)
{
    private long heartbeatTicks;
    private volatile bool running;

    public bool IsRunning => running;

    public DateTimeOffset? LastHeartbeat => running ? new DateTimeOffset(Interlocked.Read(ref heartbeatTicks), TimeSpan.Zero) : null;

    internal void MarkRunning()
    {
        Beat();
        running = true;
    }

    internal void Beat() => Interlocked.Exchange(ref heartbeatTicks, time.GetUtcNow().UtcTicks);

    internal void MarkStopped() => running = false;
}

/// <summary>"messaging" in /healthz: healthy while the messaging service's loop runs and has gone round recently.</summary>
public sealed class MessagingHealthCheck(MessagingServiceStatus status, IOptions<DispatchOptions> options, TimeProvider time) : IHealthCheck
{
    /// <summary>A loop that has not gone round for this long is stuck (a pass normally takes milliseconds).</summary>
    public static readonly TimeSpan StallAfter = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled)
        {
            return Task.FromResult(HealthCheckResult.Degraded("The messaging service is switched off (Dispatch:Enabled=false)."));
        }

        if (!status.IsRunning || status.LastHeartbeat is not { } beat)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The messaging service is not running."));
        }

        return Task.FromResult(time.GetUtcNow() - beat > StallAfter
            ? HealthCheckResult.Unhealthy("The messaging service has not made a pass for over a minute.")
            : HealthCheckResult.Healthy());
    }
}
