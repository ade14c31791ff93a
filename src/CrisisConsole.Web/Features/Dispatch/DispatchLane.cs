using System.Collections.Concurrent;
using System.Threading.Channels;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Broadcasts;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>What the lanes of one messaging service share.</summary>
internal sealed class DispatchLaneShared(
    DeliverySender sender,
    DeliveryOutcomeWriter writer,
    SenderRateLimiters limiters,
    SemaphoreSlim concurrency,
    ConcurrentDictionary<long, byte> inFlight,
    ConcurrentDictionary<int, BroadcastState> halted,
    Action wake,
    ILogger logger)
{
    public DeliverySender Sender { get; } = sender;
    public DeliveryOutcomeWriter Writer { get; } = writer;
    public SenderRateLimiters Limiters { get; } = limiters;

    /// <summary>Dispatch:MaxConcurrency slots, each held from the HTTP call until its outcome is committed.</summary>
    public SemaphoreSlim Concurrency { get; } = concurrency;

    /// <summary>Deliveries claimed by this process whose outcome is not written yet; the reconciler leaves them alone.</summary>
    public ConcurrentDictionary<long, byte> InFlight { get; } = inFlight;

    /// <summary>Broadcasts paused or cancelled since their deliveries were claimed.</summary>
    public ConcurrentDictionary<int, BroadcastState> Halted { get; } = halted;

    public Action Wake { get; } = wake;
    public ILogger Logger { get; } = logger;
}

/// <summary>
/// The claimed deliveries of one provider (one sender), and the workers that send them. A lane of its
/// own per provider keeps a slow sender (SMS at 10 segments a second) from holding up a fast one.
/// </summary>
internal sealed class DispatchLane(GatewayProvider provider, IMessageGateway? gateway, int capacity, DispatchLaneShared shared)
{
    private readonly Channel<DispatchWork> queue = Channel.CreateUnbounded<DispatchWork>();
    private int pending;

    public GatewayProvider Provider { get; } = provider;

    /// <summary>Claimed deliveries this lane holds at most (about two seconds of its rate, or two batches unlimited).</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Claimed and not finished (queued or being sent).</summary>
    public int Pending => Volatile.Read(ref pending);

    public void Enqueue(DispatchWork work)
    {
        shared.InFlight.TryAdd(work.Delivery.Id, 0);
        Interlocked.Increment(ref pending);
        queue.Writer.TryWrite(work);
    }

    public Task[] StartWorkers(int count, CancellationToken stopping) =>
        Enumerable.Range(0, count).Select(_ => Task.Run(() => WorkAsync(stopping), CancellationToken.None)).ToArray();

    /// <summary>After the workers stopped: what was claimed but never sent goes back, untouched.</summary>
    public async Task ReleaseUnsentAsync()
    {
        queue.Writer.TryComplete();
        var writes = new List<Task>();
        while (queue.Reader.TryRead(out var work))
        {
            writes.Add(shared.Writer.WriteAsync(new DeliveryOutcome(work.Delivery, OutcomeKind.Released)));
        }

        await Task.WhenAll(writes);
    }

    private async Task WorkAsync(CancellationToken stopping)
    {
        try
        {
            while (await queue.Reader.WaitToReadAsync(stopping))
            {
                while (queue.Reader.TryRead(out var work))
                {
                    try
                    {
                        await ProcessAsync(work, stopping);
                    }
                    finally
                    {
                        shared.InFlight.TryRemove(work.Delivery.Id, out _);
                        if (Interlocked.Decrement(ref pending) == Capacity / 2)
                        {
                            shared.Wake();
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task ProcessAsync(DispatchWork work, CancellationToken stopping)
    {
        var delivery = work.Delivery;
        var sent = false;
        PreparedSend? prepared = null;
        try
        {
            if (Halt(delivery) is { } early)
            {
                await WriteAsync(early);
                return;
            }

            prepared = gateway is null
                ? new PreparedSend(null, 0, false, DeliverySender.Failed(delivery, DispatchErrorCodes.NoGateway, $"Not sent: no gateway is registered for {Provider}."))
                : await shared.Sender.PrepareAsync(work, stopping);
            if (prepared.Outcome is not null)
            {
                await WriteAsync(prepared.Outcome);
                return;
            }

            await shared.Limiters.AcquireAsync(Provider, prepared.Permits, stopping);
            await shared.Concurrency.WaitAsync(stopping);
            try
            {
                // Paused or cancelled while this one waited for its turn: it has not left, so it need not.
                if (Halt(delivery) is { } halt)
                {
                    shared.Sender.Unprepare(work, prepared);
                    await WriteAsync(halt);
                    return;
                }

                sent = true;
                var result = await gateway!.SendAsync(prepared.Message!, stopping);
                var outcome = shared.Sender.Interpret(work, prepared, result);
                if (outcome.Kind == OutcomeKind.Retry && shared.Halted.TryGetValue(delivery.BroadcastId, out var state) && state == BroadcastState.Cancelled)
                {
                    outcome = DeliverySender.Failed(delivery, DispatchErrorCodes.Cancelled, "Not sent: the broadcast was cancelled.");
                }

                // The slot is held until the outcome is committed: that is what bounds the crash window.
                await WriteAsync(outcome);
            }
            finally
            {
                shared.Concurrency.Release();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !sent)
        {
            shared.Sender.Unprepare(work, prepared);
            // Shutting down before the call went out: give the claim back.
            await WriteAsync(new DeliveryOutcome(delivery, OutcomeKind.Released));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The row stays claimed and is reconciled; never sent twice blindly.
            DispatchLog.SendCrashed(shared.Logger, delivery.Id, exception);
        }
    }

    private DeliveryOutcome? Halt(ClaimedDelivery delivery) => shared.Halted.TryGetValue(delivery.BroadcastId, out var state)
        ? state == BroadcastState.Cancelled
            ? DeliverySender.Failed(delivery, DispatchErrorCodes.Cancelled, "Not sent: the broadcast was cancelled.")
            : new DeliveryOutcome(delivery, OutcomeKind.Released)
        : null;

    private async Task WriteAsync(DeliveryOutcome outcome)
    {
        try
        {
            await shared.Writer.WriteAsync(outcome);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            DispatchLog.OutcomeNotWritten(shared.Logger, outcome.Delivery.Id, exception);
        }
    }
}
