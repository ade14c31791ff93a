using System.Diagnostics;

namespace CrisisConsole.Benchmarks;

/// <summary>Latency samples and a throughput figure for one run; prints one line a person can paste into the README.</summary>
internal sealed class Measurement(string name)
{
    private readonly List<double> latenciesMs = [];
    private readonly Lock gate = new();

    public string Name { get; } = name;

    public int Count { get; private set; }

    public int Errors { get; private set; }

    public TimeSpan Elapsed { get; set; }

    public void Record(TimeSpan latency, bool ok)
    {
        lock (gate)
        {
            latenciesMs.Add(latency.TotalMilliseconds);
            Count++;
            if (!ok)
            {
                Errors++;
            }
        }
    }

    public double PerSecond => Count / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        lock (gate)
        {
            if (latenciesMs.Count == 0)
            {
                return double.NaN;
            }

            var sorted = latenciesMs.Order().ToArray();
            var index = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
            return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
        }
    }

    public override string ToString() =>
        $"{Name}: {Count:N0} in {Elapsed.TotalSeconds:0.00} s = {PerSecond:N0}/s; p50 {Percentile(50):0.0} ms, p95 {Percentile(95):0.0} ms, p99 {Percentile(99):0.0} ms; errors {Errors}";
}

internal static class ProcessMemory
{
    public static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>VmRSS from /proc/self/status (cheap to read every 250 ms), or the working set elsewhere.</summary>
    public static double ResidentMegabytes() => StatusMegabytes("VmRSS:") ?? WorkingSetMegabytes();

    /// <summary>
    /// The anonymous part of the resident memory (heaps, SQLite's caches, stacks), without the file-backed
    /// pages of the mapped runtime and assemblies; null where /proc is missing.
    /// </summary>
    public static double? AnonymousResidentMegabytes() => StatusMegabytes("RssAnon:");

    private static double? StatusMegabytes(string field)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return null;
    }

    private static double WorkingSetMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64 / 1024.0 / 1024.0;
    }
}

/// <summary>Samples this process's resident memory (VmRSS) every 250 ms until disposed, keeping the peak.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer timer;
    private double peak;
    private double peakManaged;
    private double peakAnonymous;

    public MemorySampler()
    {
        peak = ProcessMemory.ResidentMegabytes();
        timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
    }

    public double PeakMegabytes
    {
        get
        {
            Sample();
            return Volatile.Read(ref peak);
        }
    }

    /// <summary>The largest managed heap seen (after the last GC), to tell the app's objects from the runtime's and SQLite's own memory.</summary>
    public double PeakManagedMegabytes
    {
        get
        {
            Sample();
            return Volatile.Read(ref peakManaged);
        }
    }

    /// <summary>The largest anonymous resident memory seen (see <see cref="ProcessMemory.AnonymousResidentMegabytes"/>); 0 off Linux.</summary>
    public double PeakAnonymousMegabytes
    {
        get
        {
            Sample();
            return Volatile.Read(ref peakAnonymous);
        }
    }

    private void Sample()
    {
        Raise(ref peak, ProcessMemory.ResidentMegabytes());
        Raise(ref peakAnonymous, ProcessMemory.AnonymousResidentMegabytes() ?? 0);
        Raise(ref peakManaged, GC.GetGCMemoryInfo().HeapSizeBytes / 1024.0 / 1024.0);
    }

    private static void Raise(ref double peak, double now)
    {
        double seen;
        while (now > (seen = Volatile.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen)
        {
        }
    }

    public void Dispose() => timer.Dispose();
}

internal static class Load
{
    /// <summary>Runs <paramref name="count"/> operations with at most <paramref name="concurrency"/> in flight, timing each.</summary>
    public static async Task<Measurement> RunAsync(string name, int count, int concurrency, Func<int, Task<bool>> operation)
    {
        var measurement = new Measurement(name);
        var next = -1;
        var total = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await operation(i);
                }
                catch (Exception)
                {
                    ok = false;
                }

                measurement.Record(Stopwatch.GetElapsedTime(started), ok);
            }
        });
        await Task.WhenAll(workers);
        measurement.Elapsed = total.Elapsed;
        return measurement;
    }
}
