using System.Collections.Concurrent;
using CrisisConsole.GatewaySimulator.Configuration;

namespace CrisisConsole.GatewaySimulator.Storage;

/// <summary>
/// Messages by provider id, for fetch, list, reply correlation and the admin API. Bounded: past
/// MaxStoredMessages the oldest are forgotten, so a long benchmark does not grow without end.
/// </summary>
internal sealed class MessageStore<T>(SimulatorSettingsStore settings) where T : class
{
    private readonly ConcurrentDictionary<string, T> byId = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> order = new();

    public int Count => byId.Count;

    public void Add(string id, T message)
    {
        if (!byId.TryAdd(id, message))
        {
            return;
        }

        order.Enqueue(id);
        var limit = settings.Current.MaxStoredMessages;
        while (byId.Count > limit && order.TryDequeue(out var oldest))
        {
            byId.TryRemove(oldest, out _);
        }
    }

    public T? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>A snapshot, newest first.</summary>
    public IReadOnlyList<T> Snapshot()
    {
        var ids = order.ToArray();
        var result = new List<T>(ids.Length);
        for (var i = ids.Length - 1; i >= 0; i--)
        {
            if (byId.TryGetValue(ids[i], out var message))
            {
                result.Add(message);
            }
        }

        return result;
    }

    public void Clear()
    {
        byId.Clear();
        order.Clear();
    }
}
