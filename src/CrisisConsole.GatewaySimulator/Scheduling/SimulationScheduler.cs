using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrisisConsole.GatewaySimulator.Scheduling;

/// <summary>
/// One timer loop for everything that happens later: status progressions, recipients' answers,
/// callback retries. A priority queue keeps 100,000 pending steps cheap (no timer per message), and
/// work items only change in-memory state and enqueue callbacks, so running them inline is fast.
/// Steps due within <see cref="Granularity"/> run together: the simulated delays are hundreds of
/// milliseconds with jitter, and waking for each step (thousands a second at full send rate) would
/// keep a core busy; a wait shorter than a millisecond would even return at once and spin.
/// </summary>
internal sealed class SimulationScheduler(TimeProvider time, ILogger<SimulationScheduler> logger) : BackgroundService
{
    internal static readonly TimeSpan Granularity = TimeSpan.FromMilliseconds(5);

    private readonly PriorityQueue<ScheduledWork, (long Due, long Sequence)> queue = new();
    private readonly Lock gate = new();
    private readonly SemaphoreSlim wakeUp = new(0, int.MaxValue);
    private long sequence;
    private long generation;
    private int signalled;

    public int Pending
    {
        get
        {
            lock (gate)
            {
                return queue.Count;
            }
        }
    }

    public void Schedule(TimeSpan delay, Action work)
    {
        var due = time.GetTimestamp() + (long)(Math.Max(0, delay.TotalSeconds) * time.TimestampFrequency);
        bool earliest;
        lock (gate)
        {
            earliest = !queue.TryPeek(out _, out var first) || due < first.Due;
            queue.Enqueue(new ScheduledWork(work, generation), (due, sequence++));
        }

        // One pending wake-up is enough; without this a burst of sends would pile up releases.
        if (earliest && Interlocked.Exchange(ref signalled, 1) == 0)
        {
            wakeUp.Release();
        }
    }

    /// <summary>Forgets every pending step (admin reset), so nothing from before the reset reaches the app.</summary>
    public void Clear()
    {
        lock (gate)
        {
            queue.Clear();
            generation++;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var due = new List<ScheduledWork>();
        var granularity = (long)(Granularity.TotalSeconds * time.TimestampFrequency);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            lock (gate)
            {
                Volatile.Write(ref signalled, 0);
                var now = time.GetTimestamp();
                while (queue.TryPeek(out var work, out var at) && at.Due <= now + granularity)
                {
                    queue.Dequeue();
                    if (work.Generation == generation)
                    {
                        due.Add(work);
                    }
                }

                wait = queue.TryPeek(out _, out var next)
                    ? TimeSpan.FromSeconds((double)(next.Due - now) / time.TimestampFrequency)
                    : Timeout.InfiniteTimeSpan;
            }

            foreach (var work in due)
            {
                try
                {
                    work.Action();
                }
                catch (Exception ex)
                {
                    SchedulerLog.StepFailed(logger, ex);
                }
            }

            if (due.Count > 0)
            {
                due.Clear();
                continue;
            }

            try
            {
                // Capped so a clock that jumps (or a lost wake-up) never stalls the simulation for long; whole
                // milliseconds, rounded up, because a shorter timeout does not wait at all.
                var capped = wait == Timeout.InfiniteTimeSpan || wait > TimeSpan.FromSeconds(1)
                    ? TimeSpan.FromSeconds(1)
                    : TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(wait.TotalMilliseconds)));
                await wakeUp.WaitAsync(capped, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private readonly record struct ScheduledWork(Action Action, long Generation);
}

internal static partial class SchedulerLog
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Error, Message = "A simulated step failed")]
    public static partial void StepFailed(ILogger logger, Exception exception);
}
