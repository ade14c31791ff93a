using System.Diagnostics;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Dispatch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Benchmarks;

/// <summary>One end-to-end dispatch run: how long the messaging service took to hand every delivery to the simulator.</summary>
internal sealed record DispatchRun(string Name, int Recipients, TimeSpan Approval, TimeSpan Dispatch, TimeSpan Steady, int SteadyCount, double PeakMegabytes,
    TimeSpan Cpu)
{
    /// <summary>Processor time of the whole process (app, simulator, harness) per message: steadier than the rate on a shared machine.</summary>
    public double CpuMillisecondsPerMessage => Cpu.TotalMilliseconds / Recipients;

    public double PerSecond => Recipients / Dispatch.TotalSeconds;

    /// <summary>Between 10% and 90% sent: the rate once claims, JIT and connections are warm.</summary>
    public double SteadyPerSecond => SteadyCount / Steady.TotalSeconds;

    public override string ToString() =>
        $"{Name}: {Recipients:N0} deliveries out of Pending in {Dispatch.TotalSeconds:0.00} s = {PerSecond:N0}/s " +
        $"(10-90%: {SteadyPerSecond:N0}/s); CPU {CpuMillisecondsPerMessage:0.00} ms/message; approval {Approval.TotalSeconds:0.00} s; " +
        $"peak resident {PeakMegabytes:N0} MB";
}

/// <summary>
/// Target: the whole messaging service (claim, check, send through the real Twilio client, write the
/// outcome) at >= 2,000 messages/s with the rate limits off. A broadcast of N recipients is approved and
/// timed from the approval until no delivery is Pending any more, read from the counter rows the
/// dashboard uses. Run twice: with the simulator's callbacks off (sending alone), and on (the app also
/// takes about four signed status webhooks per message while it sends).
/// </summary>
internal static class DispatchEndToEndBenchmark
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public static async Task<DispatchRun> RunAsync(int recipients, bool callbacks, int? concurrency = null, int? batch = null)
    {
        var settings = new Dictionary<string, string?> { ["GatewaySimulator:Callbacks:Enabled"] = callbacks ? "true" : "false" };
        if (concurrency is { } c)
        {
            settings["Dispatch:MaxConcurrency"] = c.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (batch is { } b)
        {
            settings["Dispatch:BatchSize"] = b.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var host = await BenchmarkHost.StartAsync(settings);
        var options = host.Services.GetRequiredService<IOptions<DispatchOptions>>().Value;
        // A small broadcast first, in the same host: JIT tiers, connection pools and SQLite's cache warm up on it.
        await BenchmarkBroadcast.SeedContactsAsync(host, WarmUp, zone: "WarmUp");
        var warmUp = await BenchmarkBroadcast.SubmitAndApproveAsync(host, zone: "WarmUp");
        await WaitUntilSentAsync(host, warmUp.Id, warmUp.Recipients, _ => { });

        await BenchmarkBroadcast.SeedContactsAsync(host, recipients, first: WarmUp);
        using var memory = new MemorySampler();
        var (id, count, approval) = await BenchmarkBroadcast.SubmitAndApproveAsync(host);
        var cpu = ProcessMemory.ProcessorTime();
        var clock = Stopwatch.StartNew();
        TimeSpan? at10 = null, at90 = null;
        await WaitUntilSentAsync(host, id, count, done =>
        {
            at10 ??= done >= count / 10 ? clock.Elapsed : null;
            at90 ??= done >= count * 9 / 10 ? clock.Elapsed : null;
        });
        var elapsed = clock.Elapsed;
        cpu = ProcessMemory.ProcessorTime() - cpu;
        var steadyCount = count * 9 / 10 - count / 10;
        var name = $"Messaging service -> simulator, callbacks {(callbacks ? "on" : "off")}, {options.MaxConcurrency} in flight, batches of {options.BatchSize}";
        return new DispatchRun(name, count, approval, elapsed, at90!.Value - at10!.Value, steadyCount, memory.PeakMegabytes, cpu);
    }

    private const int WarmUp = 2_000;

    /// <summary>Polls the broadcast's counter rows (a few rows, every 100 ms) until none of its deliveries is Pending.</summary>
    public static async Task WaitUntilSentAsync(BenchmarkHost host, int id, int count, Action<int> progress, TimeSpan? limit = null)
    {
        var until = limit ?? Limit;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var pending = (await BenchmarkBroadcast.CountersAsync(host, id)).Count(DeliveryStatus.Pending);
            progress(count - pending);
            if (pending == 0)
            {
                break;
            }

            if (clock.Elapsed > until)
            {
                throw new TimeoutException($"{pending:N0} of {count:N0} deliveries still Pending after {until.TotalSeconds:0} s.");
            }

            await Task.Delay(100);
        }
    }
}
