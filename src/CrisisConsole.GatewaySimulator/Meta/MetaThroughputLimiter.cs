namespace CrisisConsole.GatewaySimulator.Meta;

/// <summary>
/// Meta's per-number throughput: a token bucket holding one second of the rate (80 by default),
/// refilled continuously. A send that finds it empty is refused with 130429, not queued.
/// </summary>
internal sealed class MetaThroughputLimiter(TimeProvider time)
{
    private readonly Dictionary<string, Bucket> buckets = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public bool TryTake(string phoneNumberId, double perSecond)
    {
        var capacity = Math.Max(1, perSecond);
        var now = time.GetTimestamp();
        lock (gate)
        {
            if (!buckets.TryGetValue(phoneNumberId, out var bucket))
            {
                bucket = new Bucket { Tokens = capacity, At = now };
                buckets[phoneNumberId] = bucket;
            }

            var elapsed = (double)(now - bucket.At) / time.TimestampFrequency;
            bucket.Tokens = Math.Min(capacity, bucket.Tokens + elapsed * perSecond);
            bucket.At = now;
            if (bucket.Tokens < 1)
            {
                return false;
            }

            bucket.Tokens -= 1;
            return true;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            buckets.Clear();
        }
    }

    private sealed class Bucket
    {
        public double Tokens { get; set; }

        public long At { get; set; }
    }
}
