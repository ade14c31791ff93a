using System.Collections.Concurrent;
using System.Threading.Channels;
using CrisisConsole.GatewaySimulator.Admin;
using CrisisConsole.GatewaySimulator.Configuration;
using CrisisConsole.GatewaySimulator.Faults;
using CrisisConsole.GatewaySimulator.Scheduling;

namespace CrisisConsole.GatewaySimulator.Callbacks;

/// <summary>
/// Where status callbacks and inbound webhooks wait for a sender. Enqueueing never blocks (the send
/// response must not wait for callbacks), and it is where the callback faults act: drop, delay,
/// duplicate and reorder.
/// </summary>
internal sealed class CallbackQueue(FaultInjector faults, SimulationScheduler scheduler, SimulatorCounters counters, TrafficLog traffic, TimeProvider time,
    SimulatorSettingsStore settings)
{
    private const int DefaultReorderHoldMs = 3000;

    private readonly Channel<CallbackRequest> channel = Channel.CreateUnbounded<CallbackRequest>(new UnboundedChannelOptions
    {
        SingleReader = false,
        SingleWriter = false,
    });

    private readonly ConcurrentDictionary<string, CallbackRequest> held = new(StringComparer.Ordinal);

    public ChannelReader<CallbackRequest> Reader => channel.Reader;

    /// <summary>False when Callbacks:Enabled is off: callers may skip building (and signing) what would be dropped.</summary>
    public bool Enabled => settings.Current.Callbacks.Enabled;

    public void Enqueue(CallbackRequest request)
    {
        if (!settings.Current.Callbacks.Enabled)
        {
            counters.CallbackDropped();
            return;
        }

        var target = request.Target;
        if (faults.Take(target, FaultKind.DropCallback, request.Recipient) is not null)
        {
            counters.CallbackDropped();
            Record(request, "dropped by fault");
            return;
        }

        if (faults.Take(target, FaultKind.DelayCallback, request.Recipient) is { } delay)
        {
            scheduler.Schedule(TimeSpan.FromMilliseconds(delay.DelayMilliseconds ?? DefaultReorderHoldMs), () => Write(request));
            return;
        }

        if (faults.Take(target, FaultKind.ReorderCallback, request.Recipient) is { } reorder && held.TryAdd(request.MessageKey, request))
        {
            // Released after the next callback for the same message, or after the hold time if none comes.
            scheduler.Schedule(TimeSpan.FromMilliseconds(reorder.DelayMilliseconds ?? DefaultReorderHoldMs), () =>
            {
                if (held.TryRemove(new KeyValuePair<string, CallbackRequest>(request.MessageKey, request)))
                {
                    Write(request);
                }
            });
            return;
        }

        if (held.TryRemove(request.MessageKey, out var earlier))
        {
            request.Then = earlier;
        }

        Write(request);
        if (faults.Take(target, FaultKind.DuplicateCallback, request.Recipient) is not null)
        {
            Write(request.Duplicate());
        }
    }

    /// <summary>Puts a callback straight on the channel, past the faults (retries and released callbacks).</summary>
    public void Write(CallbackRequest request) => channel.Writer.TryWrite(request);

    public void Clear()
    {
        held.Clear();
        while (channel.Reader.TryRead(out _))
        {
        }
    }

    private void Record(CallbackRequest request, string detail) =>
        traffic.Add(new TrafficEntry(time.GetUtcNow(), TrafficDirection.Callback, request.Channel, request.Kind.ToString(), null, null,
            request.Recipient, request.MessageKey, $"{request.Summary}: {detail}"));
}
