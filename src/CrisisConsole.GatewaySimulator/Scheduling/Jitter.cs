namespace CrisisConsole.GatewaySimulator.Scheduling;

internal static class Jitter
{
    /// <summary>Varies a delay by up to <paramref name="percent"/> of itself, so a batch does not move in lockstep.</summary>
    public static TimeSpan Apply(TimeSpan delay, int percent)
    {
        if (percent <= 0 || delay <= TimeSpan.Zero)
        {
            return delay;
        }

        var factor = 1 + (Random.Shared.NextDouble() * 2 - 1) * percent / 100.0;
        return delay * factor;
    }
}
