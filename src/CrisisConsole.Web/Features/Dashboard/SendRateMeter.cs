namespace CrisisConsole.Web.Features.Dashboard;

/// <summary>
/// Messages per second from counter snapshots a page takes as it refreshes: the rise of the processed
/// count over the last <see cref="Window"/>, never a query over deliveries. A page adds a sample on each
/// refresh (at least every few seconds), so the rate falls back to zero when sending stops.
/// </summary>
public sealed class SendRateMeter
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Kept = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(2);

    private readonly Queue<(DateTimeOffset At, long Processed)> samples = new();

    public void Add(DateTimeOffset at, long processed)
    {
        samples.Enqueue((at, processed));
        while (samples.Count > 2 && at - samples.Peek().At > Kept)
        {
            samples.Dequeue();
        }
    }

    /// <summary>Null until two samples at least two seconds apart exist.</summary>
    public double? PerSecond
    {
        get
        {
            if (samples.Count < 2)
            {
                return null;
            }

            var latest = samples.Last();
            // The newest sample at least a window old, else the oldest kept: 15 to 30 s of history once running.
            var baseline = samples.Where(s => latest.At - s.At >= Window).DefaultIfEmpty(samples.Peek()).Last();
            var elapsed = latest.At - baseline.At;
            if (elapsed < Shortest)
            {
                return null;
            }

            return Math.Max(0, latest.Processed - baseline.Processed) / elapsed.TotalSeconds;
        }
    }
}
