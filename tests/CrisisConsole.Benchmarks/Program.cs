using CrisisConsole.Benchmarks;

// Usage: dotnet run -c Release --project tests/CrisisConsole.Benchmarks -- [all|webhooks|dispatch] [--count N] [--concurrency N]
var what = args.FirstOrDefault(a => !a.StartsWith("--")) ?? "all";
var count = Option("--count", 20_000);
var concurrency = Option("--concurrency", 32);
Console.WriteLine($"CrisisConsole benchmarks on {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

if (what is "all" or "webhooks")
{
    var webhooks = await WebhookThroughputBenchmark.RunAsync(count, concurrency);
    Console.WriteLine(webhooks);
    Console.WriteLine($"  target >= 3,000/s and p99 <= 100 ms: {(webhooks.PerSecond >= 3000 && webhooks.Percentile(99) <= 100 ? "met" : "NOT met")}");
}

if (what is "all" or "dispatch")
{
    var (bare, client) = await DispatchRateBenchmark.RunAsync(count, concurrency * 2);
    Console.WriteLine(bare);
    Console.WriteLine(client);
    var ratio = client.PerSecond / bare.PerSecond;
    Console.WriteLine($"  client/bare = {ratio:P0}; target >= 2,000/s and >= 50%: {(client.PerSecond >= 2000 && ratio >= 0.5 ? "met" : "NOT met")}");
}

// inbound: 10,000 answers within a minute (issue 5); run on its own: dotnet run -c Release --project tests/CrisisConsole.Benchmarks -- inbound [--count N]
if (what is "inbound")
{
    var inbound = await InboundAnswersBenchmark.RunAsync(args.Contains("--count") ? count : 10_000);
    Console.WriteLine(inbound);
    Console.WriteLine($"  target: every answer stored and classified, webhook p99 {inbound.Percentile(99):0.0} ms");
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}
