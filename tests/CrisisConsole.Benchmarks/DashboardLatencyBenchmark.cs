namespace CrisisConsole.Benchmarks;

internal sealed record DashboardResult(int Recipients, int Dashboards, Measurement Latency, double PeakMegabytes, IReadOnlyList<string> Details);

internal static class DashboardLatencyBenchmark
{
    public static Task<DashboardResult> RunAsync(int recipients, int dashboards, int samples) => throw new NotImplementedException();
}
