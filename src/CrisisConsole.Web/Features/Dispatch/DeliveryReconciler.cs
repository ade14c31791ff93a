using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Twilio;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>
/// Settles deliveries whose send outcome is unknown: rows still claimed after a crash (on start-up, all of
/// them), and sends that timed out or got a 5xx (after Dispatch:ReconcileDelay). Never a blind re-send:
/// <list type="bullet">
/// <item>a status callback may already have named the message (our delivery id travels with it): keep it;</item>
/// <item>Twilio lists what it sent to the number since the claim (GET Messages.json?To=&amp;DateSent&gt;=): the
/// first message not already held by another delivery is attached;</item>
/// <item>otherwise it was not sent (or, for Meta, which has no lookup, cannot be known): it is sent again.
/// For Meta that accepts a duplicate, bounded by the sends that were in flight.</item>
/// </list>
/// </summary>
public sealed partial class DeliveryReconciler(
    IDbContextFactory<AppDbContext> contexts,
    DeliveryWriteGate writeGate,
    DeliveryStatusTracker tracker,
    TwilioMessageLookup twilio,
    SmsFallbackScheduler fallbacks,
    LiveEventHub hub,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<DeliveryReconciler> logger)
{
    /// <summary>How far before the claim a Twilio listing starts, for clocks that disagree a little.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    private const int PageSize = 500;

    /// <param name="direct">
    /// False (the messaging service): deliveries of broadcasts. True (the inbox's DirectMessageSender):
    /// one-to-one messages, which have no broadcast. Each sender reconciles only its own rows, so neither
    /// mistakes the other's sends in flight for a crash.
    /// </param>
    internal static string ClaimedPageSql(bool everything, bool direct = false) =>
        $"SELECT d.{nameof(Delivery.Id)}, d.{nameof(Delivery.BroadcastId)}, d.{nameof(Delivery.Provider)}, d.{nameof(Delivery.ToAddress)}, " +
        $"d.{nameof(Delivery.ClaimedAt)}, d.{nameof(Delivery.ProviderMessageId)}, b.{nameof(Broadcast.State)}, b.{nameof(Broadcast.ChannelPolicy)}, " +
        $"b.{nameof(Broadcast.SmsFallbackAfterMinutes)} FROM Deliveries d LEFT JOIN Broadcasts b ON b.{nameof(Broadcast.Id)} = d.{nameof(Delivery.BroadcastId)} " +
        $"WHERE d.{nameof(Delivery.ClaimedAt)} IS NOT NULL AND (d.{nameof(Delivery.ClaimedAt)}, d.{nameof(Delivery.Id)}) > ($afterClaim, $afterId) " +
        (everything ? "" : $"AND d.{nameof(Delivery.NextAttemptAt)} <= $now ") +
        (direct ? $"AND d.{nameof(Delivery.BroadcastId)} IS NULL " : $"AND d.{nameof(Delivery.BroadcastId)} IS NOT NULL ") +
        $"ORDER BY d.{nameof(Delivery.ClaimedAt)}, d.{nameof(Delivery.Id)} LIMIT {PageSize}";

    /// <summary>
    /// Reconciles claimed deliveries that are not in flight here. On start-up (<paramref name="everything"/>)
    /// all claimed rows, page by page; later only those whose reconcile time has come. Returns how many were settled.
    /// </summary>
    public async Task<int> ReconcileAsync(bool everything, Func<long, bool> inFlight, CancellationToken cancellationToken, bool direct = false)
    {
        var settled = 0;
        var after = (ClaimedAt: -1L, Id: 0L);
        while (true)
        {
            var rows = await ReadClaimedAsync(everything, direct, after, cancellationToken);
            if (rows.Count == 0)
            {
                return settled;
            }

            after = (rows[^1].ClaimedAt.ToUnixTimeMilliseconds(), rows[^1].Id);
            var open = rows.Where(r => !inFlight(r.Id)).ToList();
            if (open.Count > 0)
            {
                await LookUpAsync(open, cancellationToken);
                settled += await WriteAsync(open, inFlight, cancellationToken);
            }

            if (!everything || rows.Count < PageSize)
            {
                return settled;
            }
        }
    }

    /// <summary>Claimed rows after the cursor, in (ClaimedAt, Id) order: the order of IX_Deliveries_ClaimedAt, so few rows are read.</summary>
    private async Task<List<ClaimedRow>> ReadClaimedAsync(bool everything, bool direct, (long ClaimedAt, long Id) after, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = DispatchSql.Command(db, ClaimedPageSql(everything, direct),
            ("$afterClaim", after.ClaimedAt), ("$afterId", after.Id), ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ClaimedRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ClaimedRow(
                reader.GetInt64(0),
                DispatchSql.Int(reader, 1),
                Enum.Parse<GatewayProvider>(reader.GetString(2)),
                reader.GetString(3),
                DispatchSql.Time(reader, 4)!.Value,
                DispatchSql.String(reader, 5),
                reader.IsDBNull(6) ? null : Enum.Parse<BroadcastState>(reader.GetString(6)),
                reader.IsDBNull(7) ? null : Enum.Parse<ChannelPolicy>(reader.GetString(7)),
                DispatchSql.Int(reader, 8)));
        }

        return rows;
    }

    /// <summary>Asks Twilio, in parallel, about the rows nothing has named yet.</summary>
    private async Task LookUpAsync(List<ClaimedRow> rows, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(rows.Where(r => r.ProviderMessageId is null && GatewayProviders.IsTwilio(r.Provider)), parallel, async (row, token) =>
        {
            row.Lookup = await twilio.FindSentAsync(row.Provider, row.ToAddress, row.ClaimedAt - ClockSkew, token);
        });
    }

    private async Task<int> WriteAsync(List<ClaimedRow> rows, Func<long, bool> inFlight, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settled = 0;
        var broadcasts = new HashSet<int>();
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Oldest claim first, so when two unknown sends went to the same number each takes its own message.
            foreach (var row in rows.OrderBy(r => r.ClaimedAt).ThenBy(r => r.Id))
            {
                // The row was read before the (slow) lookups: a sender of this process may have written its
                // outcome since, or the row may have been released and claimed again. Only the same claim,
                // still unsettled and not in flight, is ours to settle.
                if (inFlight(row.Id) || await CurrentClaimAsync(db, row.Id, cancellationToken) is not { } current ||
                    current.ClaimedAt != row.ClaimedAt.ToUnixTimeMilliseconds())
                {
                    continue;
                }

                row.ProviderMessageId = current.ProviderMessageId;
                var resolution = await ResolveAsync(db, row, cancellationToken);
                switch (resolution)
                {
                    case Resolution.Sent:
                        await SettleSentAsync(db, row, now, cancellationToken);
                        break;
                    case Resolution.NotSent when row.State == BroadcastState.Cancelled:
                        await tracker.MarkFailedAsync(db, row.Id, DispatchErrorCodes.Cancelled, "Not sent: the broadcast was cancelled.", cancellationToken);
                        await ReleaseAsync(db, row.Id, null, cancellationToken);
                        break;
                    case Resolution.NotSent:
                        await ReleaseAsync(db, row.Id, now, cancellationToken);
                        break;
                    case Resolution.AskLater:
                        await DispatchSql.ExecuteAsync(db,
                            $"UPDATE Deliveries SET {nameof(Delivery.NextAttemptAt)} = $at WHERE {nameof(Delivery.Id)} = $id",
                            cancellationToken, ("$at", (now + options.Value.ReconcileDelay).ToUnixTimeMilliseconds()), ("$id", row.Id));
                        LogLookupFailed(logger, row.Id, row.Lookup?.Problem ?? "");
                        continue;
                }

                LogReconciled(logger, row.Id, resolution);
                settled++;
                if (row.BroadcastId is { } broadcastId)
                {
                    broadcasts.Add(broadcastId);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var broadcastId in broadcasts)
        {
            hub.Publish(new BroadcastDeliveriesChanged(broadcastId));
        }

        return settled;
    }

    private async Task<Resolution> ResolveAsync(AppDbContext db, ClaimedRow row, CancellationToken cancellationToken)
    {
        if (row.ProviderMessageId is not null)
        {
            return Resolution.Sent;
        }

        if (!GatewayProviders.IsTwilio(row.Provider))
        {
            return Resolution.NotSent;
        }

        if (row.Lookup is not { Succeeded: true } lookup)
        {
            return Resolution.AskLater;
        }

        foreach (var message in lookup.Messages)
        {
            // Attach refuses a message another delivery already holds, so only an unclaimed one is taken.
            var initial = message.Status is { } status && !DeliveryStatusRank.IsFailure(status) && status != DeliveryStatus.Pending
                ? status
                : DeliveryStatus.Queued;
            if (await tracker.AttachProviderIdAsync(db, row.Id, message.Sid, initial, cancellationToken) != AttachOutcome.Attached)
            {
                continue;
            }

            if (message.Status is { } listed && DeliveryStatusRank.IsFailure(listed))
            {
                await tracker.MarkFailedAsync(db, row.Id, message.ErrorCode, message.ErrorMessage ?? "Failed (found when reconciling).", cancellationToken);
            }

            return Resolution.Sent;
        }

        return Resolution.NotSent;
    }

    /// <summary>Known to be with the provider: clear the claim, and keep a fallback timer while WhatsApp is not yet delivered.</summary>
    private async Task SettleSentAsync(AppDbContext db, ClaimedRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DateTimeOffset? timer = GatewayProviders.ChannelOf(row.Provider) == MessageChannel.WhatsApp && row.Policy == ChannelPolicy.WhatsAppThenSms
            ? now + TimeSpan.FromMinutes(row.FallbackAfterMinutes is > 0 and var minutes ? minutes : options.Value.DefaultSmsFallbackMinutes)
            : null;
        await DispatchSql.ExecuteAsync(db,
            $"UPDATE Deliveries SET {nameof(Delivery.ClaimedAt)} = NULL, " +
            $"{nameof(Delivery.NextAttemptAt)} = CASE WHEN {nameof(Delivery.StatusRank)} < 35 THEN $timer ELSE NULL END WHERE {nameof(Delivery.Id)} = $id",
            cancellationToken, ("$timer", DispatchSql.Millis(timer)), ("$id", row.Id));
        if (GatewayProviders.ChannelOf(row.Provider) == MessageChannel.WhatsApp)
        {
            // A failure reported while the row was claimed has not been given its fallback timer's chance; it may need the SMS now.
            await using var command = DispatchSql.Command(db,
                $"SELECT {nameof(Delivery.StatusRank)} FROM Deliveries WHERE {nameof(Delivery.Id)} = $id", ("$id", row.Id));
            if (await command.ExecuteScalarAsync(cancellationToken) is long rank && rank == DeliveryStatusRank.Of(DeliveryStatus.Failed))
            {
                await fallbacks.ScheduleForFailureAsync(db, row.Id, cancellationToken);
            }
        }
    }

    private static async Task<(long? ClaimedAt, string? ProviderMessageId)?> CurrentClaimAsync(AppDbContext db, long id, CancellationToken cancellationToken)
    {
        await using var command = DispatchSql.Command(db,
            $"SELECT {nameof(Delivery.ClaimedAt)}, {nameof(Delivery.ProviderMessageId)} FROM Deliveries WHERE {nameof(Delivery.Id)} = $id", ("$id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (DispatchSql.Long(reader, 0), DispatchSql.String(reader, 1)) : null;
    }

    private static Task ReleaseAsync(AppDbContext db, long id, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken) =>
        DispatchSql.ExecuteAsync(db,
            $"UPDATE Deliveries SET {nameof(Delivery.ClaimedAt)} = NULL, {nameof(Delivery.NextAttemptAt)} = $at WHERE {nameof(Delivery.Id)} = $id",
            cancellationToken, ("$at", DispatchSql.Millis(nextAttemptAt)), ("$id", id));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery {DeliveryId} reconciled: {Resolution}")]
    private static partial void LogReconciled(ILogger logger, long deliveryId, Resolution resolution);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} could not be reconciled yet: {Problem}")]
    private static partial void LogLookupFailed(ILogger logger, long deliveryId, string problem);

    private enum Resolution
    {
        Sent,
        NotSent,
        AskLater,
    }

    private sealed record ClaimedRow(long Id, int? BroadcastId, GatewayProvider Provider, string ToAddress, DateTimeOffset ClaimedAt,
        string? ProviderMessageId, BroadcastState? State, ChannelPolicy? Policy, int? FallbackAfterMinutes)
    {
        public string? ProviderMessageId { get; set; } = ProviderMessageId;

        public TwilioLookupResult? Lookup { get; set; }
    }
}
