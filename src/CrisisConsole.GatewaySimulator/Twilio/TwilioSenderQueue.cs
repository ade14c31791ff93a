namespace CrisisConsole.GatewaySimulator.Twilio;

/// <summary>
/// Twilio's per-sender queue: a sender sends so many segments per second, and messages beyond that
/// wait their turn ("queued") instead of being refused. Each sender keeps only the time its queue
/// drains; a message's turn is that time, which then moves on by the message's segments.
/// </summary>
internal sealed class TwilioSenderQueue(TimeProvider time)
{
    private readonly Dictionary<string, long> drainsAt = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock gate = new();

    /// <summary>
    /// How long this message waits for its turn; null if it would wait longer than <paramref name="maxWait"/>
    /// (queue overflow, Twilio error 30001).
    /// </summary>
    public TimeSpan? Reserve(string sender, int units, double unitsPerSecond, TimeSpan maxWait)
    {
        var now = time.GetTimestamp();
        var frequency = time.TimestampFrequency;
        var cost = (long)(Math.Max(1, units) / unitsPerSecond * frequency);
        lock (gate)
        {
            var start = drainsAt.TryGetValue(sender, out var at) && at > now ? at : now;
            var wait = TimeSpan.FromSeconds((double)(start - now) / frequency);
            if (wait > maxWait)
            {
                return null;
            }

            drainsAt[sender] = start + cost;
            return wait;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            drainsAt.Clear();
        }
    }
}
