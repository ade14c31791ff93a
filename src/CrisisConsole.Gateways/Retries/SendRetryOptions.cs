namespace CrisisConsole.Gateways.Retries;

/// <summary>
/// Section "Gateways:Retry": how the clients retry a rate-limited send in place. Anything longer is
/// handed back to the caller as a transient failure to schedule.
/// </summary>
public sealed class SendRetryOptions
{
    public const string Section = "Gateways:Retry";

    /// <summary>Attempts in all, the first included (1 turns in-place retries off).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Back-off before retry n is a random time in [0, min(MaxDelay, BaseDelay × 2^(n-1))] ("full jitter").</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The longest Retry-After honoured in place; a longer one ends the attempts and is returned.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Every problem with these settings, each naming its key; empty when none.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MaxAttempts is < 1 or > 10)
        {
            problems.Add($"{Section}:MaxAttempts must be between 1 and 10.");
        }

        if (BaseDelay < TimeSpan.Zero || BaseDelay > TimeSpan.FromMinutes(1))
        {
            problems.Add($"{Section}:BaseDelay must be between 0 and 1 minute.");
        }

        if (MaxDelay < BaseDelay || MaxDelay > TimeSpan.FromMinutes(1))
        {
            problems.Add($"{Section}:MaxDelay must be at least BaseDelay and at most 1 minute.");
        }

        if (MaxRetryAfter < TimeSpan.Zero || MaxRetryAfter > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{Section}:MaxRetryAfter must be between 0 and 5 minutes.");
        }

        return problems;
    }
}
