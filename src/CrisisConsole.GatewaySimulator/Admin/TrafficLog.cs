using CrisisConsole.GatewaySimulator.Configuration;

namespace CrisisConsole.GatewaySimulator.Admin;

public enum TrafficDirection
{
    /// <summary>A request the app made to the simulated provider API.</summary>
    ApiRequest,

    /// <summary>A status callback or webhook the simulator sent to the app.</summary>
    Callback,
}

/// <summary>
/// One line of the recent-traffic list. It holds full numbers because the admin API is a test tool;
/// nothing here is written to the logs.
/// </summary>
public sealed record TrafficEntry(
    DateTimeOffset At,
    TrafficDirection Direction,
    string Channel,
    string Operation,
    int? HttpStatus,
    int? ErrorCode,
    string? Recipient,
    string? MessageId,
    string? Detail);

/// <summary>A ring of the most recent requests and callbacks, newest first when read.</summary>
internal sealed class TrafficLog(SimulatorSettingsStore settings)
{
    private readonly Lock gate = new();
    private readonly LinkedList<TrafficEntry> entries = new();

    public void Add(TrafficEntry entry)
    {
        var capacity = settings.Current.RecentTrafficCapacity;
        lock (gate)
        {
            entries.AddFirst(entry);
            while (entries.Count > capacity)
            {
                entries.RemoveLast();
            }
        }
    }

    public IReadOnlyList<TrafficEntry> Recent(int limit)
    {
        lock (gate)
        {
            return [.. entries.Take(Math.Max(0, limit))];
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }
}
