using CrisisConsole.Benchmarks;

// Usage: dotnet run -c Release --project tests/CrisisConsole.Benchmarks -- <command> [options]
//   webhooks      [--count 20000] [--concurrency 32]      status webhooks taken in per second, p99
//   dispatch      [--count 20000] [--concurrency 32]      real Twilio client vs a bare load generator (2x concurrency in flight)
//   dispatch-e2e  [--count 20000] [--max-concurrency N] [--batch N] [--callbacks off|on]
//                                                         the whole messaging service, callbacks off then on
//   dashboard     [--recipients 100000] [--dashboards 5] [--samples 40]
//                                                         webhook -> dashboard latency and peak memory during a 100k send
//   inbound       [--count 10000]                         people answering a check-in: stored and classified within a minute
//   all                                                   each of the above except inbound, with its defaults
// Each prints lines starting "SUMMARY" that state the figure and whether the target is met.
var what = args.FirstOrDefault(a => !a.StartsWith("--")) ?? "all";
var known = new[] { "all", "webhooks", "dispatch", "dispatch-e2e", "dashboard", "inbound" };
if (!known.Contains(what))
{
    Console.Error.WriteLine($"Unknown command '{what}'. Commands: {string.Join(", ", known)}.");
    return 2;
}

var count = Option("--count", 20_000);
var concurrency = Option("--concurrency", 32);
Console.WriteLine($"CrisisConsole benchmarks on {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
                  $"load average {LoadAverage()}");

if (what is "all" or "webhooks")
{
    var webhooks = await WebhookThroughputBenchmark.RunAsync(count, concurrency);
    Console.WriteLine(webhooks);
    Summary("webhooks", $"{webhooks.PerSecond:N0}/s, p99 {webhooks.Percentile(99):0} ms", "target >= 3,000/s and p99 <= 100 ms",
        webhooks.PerSecond >= 3000 && webhooks.Percentile(99) <= 100 && webhooks.Errors == 0);
}

if (what is "all" or "dispatch")
{
    var (bare, client) = await DispatchRateBenchmark.RunAsync(count, concurrency * 2);
    Console.WriteLine(bare);
    Console.WriteLine(client);
    var ratio = client.PerSecond / bare.PerSecond;
    Summary("dispatch", $"client {client.PerSecond:N0}/s vs bare {bare.PerSecond:N0}/s = {ratio:P0}", "target >= 2,000/s and >= 50%",
        client.PerSecond >= 2000 && ratio >= 0.5);
}

if (what is "all" or "dispatch-e2e")
{
    int? maxConcurrency = args.Contains("--max-concurrency") ? Option("--max-concurrency", 32) : null;
    int? batch = args.Contains("--batch") ? Option("--batch", 200) : null;
    var only = args.SkipWhile(a => a != "--callbacks").Skip(1).FirstOrDefault();
    foreach (var callbacks in new[] { false, true }.Where(c => only is null || only == (c ? "on" : "off")))
    {
        var run = await DispatchEndToEndBenchmark.RunAsync(count, callbacks, maxConcurrency, batch);
        Console.WriteLine(run);
        Summary($"dispatch-e2e callbacks {(callbacks ? "on" : "off")}", $"{run.PerSecond:N0}/s (10-90%: {run.SteadyPerSecond:N0}/s)",
            "target >= 2,000/s", run.PerSecond >= 2000);
    }
}

if (what is "all" or "dashboard")
{
    var result = await DashboardLatencyBenchmark.RunAsync(Option("--recipients", 100_000), Option("--dashboards", 5), Option("--samples", 40));
    foreach (var line in result.Details)
    {
        Console.WriteLine(line);
    }

    Summary("dashboard latency", $"p50 {result.Latency.Percentile(50):0} ms, p95 {result.Latency.Percentile(95):0} ms, max {result.Latency.Percentile(100):0} ms " +
        $"over {result.Samples} webhooks x {result.Dashboards} dashboards", "target p95 <= 1,000 ms",
        result.Latency.Percentile(95) <= 1000 && result.Latency.Errors == 0);
    Summary("dashboard memory", $"peak resident {result.PeakMegabytes:N0} MB during the {result.Recipients:N0}-recipient send",
        "target <= 600 MB", result.PeakMegabytes <= 600);
}

// inbound: 10,000 answers within a minute (issue 5); run on its own: dotnet run -c Release --project tests/CrisisConsole.Benchmarks -- inbound [--count N]
if (what is "inbound")
{
    var answers = args.Contains("--count") ? count : 10_000;
    var (inbound, switches) = await InboundAnswersBenchmark.RunAsync(answers);
    Console.WriteLine(inbound);
    var seconds = answers / inbound.PerSecond;
    Summary("inbound", $"{answers:N0} answers taken in {seconds:0.0} s ({inbound.PerSecond:N0}/s), webhook p99 {inbound.Percentile(99):0} ms",
        "target: all stored and classified within a minute", inbound.Errors == 0 && seconds <= 60);
    Summary("inbox page under that load", $"filter switches shown in p95 {switches.Percentile(95):0} ms over {switches.Count}",
        "usable: every switch shown, p95 <= 2,000 ms", switches.Errors == 0 && switches.Count > 0 && switches.Percentile(95) <= 2000);
}

return 0;

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}

static void Summary(string name, string figure, string target, bool met) =>
    Console.WriteLine($"SUMMARY {name}: {figure}; {target}: {(met ? "met" : "NOT met")}");

static string LoadAverage()
{
    try
    {
        return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "unknown";
    }
}
