using System.Collections.Concurrent;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>
/// The messaging service: a hosted loop that starts due broadcasts, claims their due deliveries in
/// batches into one lane per sender, and lets the lanes send them through the gateways, at the senders'
/// rates and at most Dispatch:MaxConcurrency at once, writing each outcome before the slot is reused.
/// About once a second it also re-sends by SMS what WhatsApp did not deliver in time, reconciles sends
/// whose outcome is unknown, and completes broadcasts with nothing left to do. On start it first
/// reconciles every delivery the previous run left claimed (see README, "Crash safety").
/// </summary>
public sealed class MessageDispatcher(
    IEnumerable<IMessageGateway> gateways,
    DeliveryClaimer claimer,
    DeliverySender sender,
    DeliveryOutcomeWriter writer,
    DeliveryReconciler reconciler,
    SmsFallbackScheduler fallbacks,
    BroadcastControlService control,
    BroadcastPlans plans,
    SenderRateLimiters limiters,
    MessagingServiceStatus status,
    LiveEventHub hub,
    IDbContextFactory<AppDbContext> contexts,
    DeliveryWriteGate writeGate,
    IOptions<DispatchOptions> options,
    ILogger<MessageDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromSeconds(1);
    private const int SweepBatch = 500;

    private readonly ConcurrentDictionary<long, byte> inFlight = new();
    private readonly ConcurrentDictionary<int, BroadcastState> halted = new();
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly HashSet<int> claimedLastPass = [];
    private int rotation;

    /// <summary>Sends whose outcome is not yet written (for tests and diagnostics).</summary>
    public int InFlightCount => inFlight.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        status.MarkRunning();
        await Task.Yield();
        var settings = options.Value;
        using var subscription = hub.Subscribe<BroadcastStateChanged>(OnStateChanged);
        using var concurrency = new SemaphoreSlim(settings.MaxConcurrency, settings.MaxConcurrency);
        var shared = new DispatchLaneShared(sender, writer, limiters, concurrency, inFlight, halted, Wake, logger);
        var byProvider = gateways.GroupBy(g => g.Provider).ToDictionary(g => g.Key, g => g.First());
        var lanes = Enum.GetValues<GatewayProvider>()
            .Select(p => new DispatchLane(p, byProvider.GetValueOrDefault(p), LaneCapacity(p, settings), shared))
            .ToList();

        using var abortWrites = new CancellationTokenSource();
        var writerLoop = Task.Run(() => writer.RunAsync(abortWrites.Token), CancellationToken.None);
        var workers = Array.Empty<Task>();
        try
        {
            await ReconcileAtStartAsync(stoppingToken);
            workers = lanes.SelectMany(lane => lane.StartWorkers(settings.MaxConcurrency, stoppingToken)).ToArray();
            DispatchLog.Started(logger, lanes.Count, settings.MaxConcurrency, limiters.Enabled ? "on" : "off");
            var nextHousekeeping = DateTimeOffset.MinValue;
            while (!stoppingToken.IsCancellationRequested)
            {
                status.Beat();
                var more = false;
                try
                {
                    more = await PassAsync(lanes, settings, stoppingToken);
                    if (DateTimeOffset.UtcNow >= nextHousekeeping)
                    {
                        nextHousekeeping = DateTimeOffset.UtcNow + HousekeepingInterval;
                        await HousekeepAsync(stoppingToken);
                    }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    DispatchLog.PassFailed(logger, exception);
                }

                if (!more)
                {
                    await wake.WaitAsync(settings.PollInterval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            status.MarkStopped();
            await Task.WhenAll(workers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach (var lane in lanes)
            {
                await lane.ReleaseUnsentAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            writer.Complete();
            abortWrites.CancelAfter(TimeSpan.FromSeconds(10));
            await writerLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            DispatchLog.Stopped(logger);
        }
    }

    /// <summary>About two seconds of the sender's rate (so claimed rows are checked for opt-outs shortly before sending), or two batches without limits.</summary>
    internal static int LaneCapacity(GatewayProvider provider, DispatchOptions settings)
    {
        if (!settings.RateLimitsEnabled)
        {
            return settings.BatchSize * 2;
        }

        var rate = provider == GatewayProvider.TwilioSms ? settings.SmsPerSecond : settings.WhatsAppPerSecond;
        return (int)Math.Clamp(Math.Ceiling(rate * 2), 4, settings.BatchSize * 2);
    }

    private async Task ReconcileAtStartAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                var settled = await reconciler.ReconcileAsync(everything: true, _ => false, stoppingToken);
                if (settled > 0)
                {
                    DispatchLog.StartupReconciled(logger, settled);
                }

                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                DispatchLog.PassFailed(logger, exception);
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>Starts due broadcasts and tops the lanes up. True when a claim came back full (more is due right now).</summary>
    private async Task<bool> PassAsync(List<DispatchLane> lanes, DispatchOptions settings, CancellationToken stoppingToken)
    {
        await control.StartDueAsync(stoppingToken);
        var sending = await BroadcastIdsAsync(stoppingToken, BroadcastState.Sending);
        claimedLastPass.Clear();
        if (sending.Count == 0)
        {
            return false;
        }

        var more = false;
        var start = rotation++ % sending.Count;
        foreach (var lane in lanes)
        {
            var free = lane.Capacity - lane.Pending;
            if (free < Math.Max(1, lane.Capacity / 2))
            {
                continue;
            }

            // Round-robin over the broadcasts so a large one does not starve a small one.
            for (var i = 0; i < sending.Count && free > 0; i++)
            {
                var broadcastId = sending[(start + i) % sending.Count];
                if (halted.ContainsKey(broadcastId))
                {
                    continue;
                }

                var limit = Math.Min(free, settings.BatchSize);
                var plan = await plans.GetAsync(broadcastId, stoppingToken);
                var claimed = await claimer.ClaimAsync(broadcastId, lane.Provider, limit, plan, stoppingToken);
                foreach (var work in claimed)
                {
                    lane.Enqueue(work);
                }

                free -= claimed.Count;
                more |= claimed.Count == limit;
                if (claimed.Count > 0)
                {
                    claimedLastPass.Add(broadcastId);
                }
            }
        }

        return more;
    }

    private async Task HousekeepAsync(CancellationToken stoppingToken)
    {
        var active = await BroadcastIdsAsync(stoppingToken, BroadcastState.Sending, BroadcastState.Paused);
        foreach (var broadcastId in active)
        {
            // Looked for outside the write gate first: most seconds there is nothing to do.
            await using (var reader = await contexts.CreateDbContextAsync(stoppingToken))
            {
                if ((await fallbacks.DueTimersAsync(reader, broadcastId, 1, stoppingToken)).Count == 0)
                {
                    continue;
                }
            }

            int added;
            using (await writeGate.EnterAsync(stoppingToken))
            {
                await using var db = await contexts.CreateDbContextAsync(stoppingToken);
                await using var transaction = await db.Database.BeginTransactionAsync(stoppingToken);
                added = await fallbacks.SweepAsync(db, broadcastId, SweepBatch, stoppingToken);
                await transaction.CommitAsync(stoppingToken);
            }

            if (added > 0)
            {
                DispatchLog.FallbacksSwept(logger, broadcastId, added);
                hub.Publish(new BroadcastDeliveriesChanged(broadcastId));
            }
        }

        await reconciler.ReconcileAsync(everything: false, inFlight.ContainsKey, stoppingToken);

        foreach (var broadcastId in await BroadcastIdsAsync(stoppingToken, BroadcastState.Sending))
        {
            // Claimed in the last pass means not finished; otherwise a read outside the write gate decides
            // whether the (gated) completion is worth trying.
            if (!claimedLastPass.Contains(broadcastId) && await control.LooksFinishedAsync(broadcastId, stoppingToken) &&
                await control.CompleteIfFinishedAsync(broadcastId, stoppingToken))
            {
                plans.Forget(broadcastId);
            }
        }
    }

    private async Task<List<int>> BroadcastIdsAsync(CancellationToken cancellationToken, params BroadcastState[] states)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Broadcast>().AsNoTracking().Where(b => states.Contains(b.State)).OrderBy(b => b.Id).Select(b => b.Id).ToListAsync(cancellationToken);
    }

    private void OnStateChanged(BroadcastStateChanged change)
    {
        switch (change.State)
        {
            case BroadcastState.Paused or BroadcastState.Cancelled:
                halted[change.BroadcastId] = change.State;
                break;
            case BroadcastState.Sending:
                halted.TryRemove(change.BroadcastId, out _);
                Wake();
                break;
            case BroadcastState.Completed:
                halted.TryRemove(change.BroadcastId, out _);
                plans.Forget(change.BroadcastId);
                break;
        }
    }

    private void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }
}
