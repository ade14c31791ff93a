using System.Data.Common;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Deliveries;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>
/// The common case of a write batch, done in bulk: sends the provider accepted, for deliveries still
/// Pending with no provider id, whose id no other delivery holds and for which no callback came early.
/// For those, attaching the id is exactly <see cref="DeliveryStatusTracker.AttachProviderIdAsync(AppDbContext, long, string, DeliveryStatus, CancellationToken)"/>
/// without its per-row lookups: the same <see cref="DeliveryProgress"/> rule computes the new status and
/// the same observers hear of the change, in the same transaction; one statement per row also clears the
/// claim. Everything else goes back to the caller for the tracker's full path.
/// </summary>
internal static class AcceptedOutcomes
{
    private const string UpdateSql =
        $"UPDATE Deliveries SET {nameof(Delivery.ProviderMessageId)} = $pid, {nameof(Delivery.Status)} = $status, " +
        $"{nameof(Delivery.StatusRank)} = $rank, {nameof(Delivery.SentAt)} = $sent, {nameof(Delivery.DeliveredAt)} = $delivered, " +
        $"{nameof(Delivery.ReadAt)} = $read, {nameof(Delivery.FailedAt)} = $failed, {nameof(Delivery.ErrorCode)} = $code, " +
        $"{nameof(Delivery.ErrorReason)} = $reason, {nameof(Delivery.UpdatedAt)} = $now, {nameof(Delivery.ClaimedAt)} = NULL, " +
        $"{nameof(Delivery.NextAttemptAt)} = $next WHERE {nameof(Delivery.Id)} = $id";

    /// <summary>Attaches what it can in bulk; returns the outcomes that need the tracker's full path.</summary>
    public static async Task<List<DeliveryOutcome>> AttachAsync(AppDbContext db, IReadOnlyList<DeliveryOutcome> accepted,
        IReadOnlyList<IDeliveryStatusObserver> observers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var slow = new List<DeliveryOutcome>();
        if (accepted.Count == 0)
        {
            return slow;
        }

        var snapshots = await ReadSnapshotsAsync(db, accepted.Select(o => o.Delivery.Id).ToList(), cancellationToken);
        var taken = await TakenProviderIdsAsync(db, accepted.Select(o => o.ProviderMessageId!).ToList(), cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await using var update = DispatchSql.Command(db, UpdateSql,
            ("$pid", null), ("$status", null), ("$rank", null), ("$sent", null), ("$delivered", null), ("$read", null), ("$failed", null),
            ("$code", null), ("$reason", null), ("$now", now.ToUnixTimeMilliseconds()), ("$next", null), ("$id", null));
        foreach (var outcome in accepted)
        {
            var id = outcome.Delivery.Id;
            var providerId = outcome.ProviderMessageId!;
            if (!snapshots.TryGetValue(id, out var snapshot) || snapshot.ProviderMessageId is not null ||
                snapshot.Progress.Status != DeliveryStatus.Pending || taken.Contains(providerId) || !seen.Add(providerId))
            {
                slow.Add(outcome);
                continue;
            }

            var progress = snapshot.Progress.Apply(outcome.InitialStatus, now);
            var rank = DeliveryStatusRank.Of(progress.Status);
            DispatchSql.Set(update, "$pid", providerId);
            DispatchSql.Set(update, "$status", progress.Status.ToString());
            DispatchSql.Set(update, "$rank", (long)rank);
            DispatchSql.Set(update, "$sent", DispatchSql.Millis(progress.SentAt));
            DispatchSql.Set(update, "$delivered", DispatchSql.Millis(progress.DeliveredAt));
            DispatchSql.Set(update, "$read", DispatchSql.Millis(progress.ReadAt));
            DispatchSql.Set(update, "$failed", DispatchSql.Millis(progress.FailedAt));
            DispatchSql.Set(update, "$code", progress.ErrorCode);
            DispatchSql.Set(update, "$reason", progress.ErrorReason);
            // The fallback timer runs only while WhatsApp is neither delivered nor failed.
            DispatchSql.Set(update, "$next", rank < DeliveryStatusRank.Of(DeliveryStatus.Failed) ? DispatchSql.Millis(outcome.FallbackTimer) : null);
            DispatchSql.Set(update, "$id", id);
            await update.ExecuteNonQueryAsync(cancellationToken);

            if (progress.Status != snapshot.Progress.Status)
            {
                var change = new DeliveryStatusChange(id, snapshot.Progress.Status, progress.Status, now, snapshot.BroadcastId, snapshot.Channel);
                foreach (var observer in observers)
                {
                    await observer.OnStatusChangedAsync(db, change, cancellationToken);
                }
            }

            if (outcome.NewReach)
            {
                await WhatsAppReachLedger.StoreAsync(db, outcome.Delivery.ToAddress, now, cancellationToken);
            }
        }

        return slow;
    }

    private static async Task<Dictionary<long, DeliverySnapshot>> ReadSnapshotsAsync(AppDbContext db, List<long> ids, CancellationToken cancellationToken)
    {
        await using var command = InCommand(db,
            $"SELECT {nameof(Delivery.Id)}, {nameof(Delivery.ProviderMessageId)}, {nameof(Delivery.Status)}, {nameof(Delivery.SentAt)}, " +
            $"{nameof(Delivery.DeliveredAt)}, {nameof(Delivery.ReadAt)}, {nameof(Delivery.FailedAt)}, {nameof(Delivery.ErrorCode)}, " +
            $"{nameof(Delivery.ErrorReason)}, {nameof(Delivery.BroadcastId)}, {nameof(Delivery.Channel)} FROM Deliveries WHERE {nameof(Delivery.Id)} IN ({{0}})", ids.Cast<object>().ToList());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var snapshots = new Dictionary<long, DeliverySnapshot>(ids.Count);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            snapshots[id] = new DeliverySnapshot(id, DispatchSql.String(reader, 1), new DeliveryProgress(
                Enum.Parse<DeliveryStatus>(reader.GetString(2)),
                DispatchSql.Time(reader, 3),
                DispatchSql.Time(reader, 4),
                DispatchSql.Time(reader, 5),
                DispatchSql.Time(reader, 6),
                DispatchSql.String(reader, 7),
                DispatchSql.String(reader, 8)),
                reader.IsDBNull(9) ? null : reader.GetInt32(9),
                Enum.Parse<MessageChannel>(reader.GetString(10)));
        }

        return snapshots;
    }

    /// <summary>Provider ids already held by a delivery, or named by a stored callback (which the full path must apply).</summary>
    private static async Task<HashSet<string>> TakenProviderIdsAsync(AppDbContext db, List<string> providerIds, CancellationToken cancellationToken)
    {
        await using var command = InCommand(db,
            $"SELECT {nameof(Delivery.ProviderMessageId)} FROM Deliveries WHERE {nameof(Delivery.ProviderMessageId)} IN ({{0}}) " +
            $"UNION SELECT {nameof(DeliveryStatusEvent.ProviderMessageId)} FROM DeliveryStatusEvents WHERE {nameof(DeliveryStatusEvent.ProviderMessageId)} IN ({{0}})",
            providerIds.Cast<object>().ToList());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            taken.Add(reader.GetString(0));
        }

        return taken;
    }

    /// <summary>A command whose {0} becomes a list of parameters ($v0, $v1…) bound to <paramref name="values"/>.</summary>
    private static DbCommand InCommand(AppDbContext db, string sqlFormat, List<object> values)
    {
        var names = values.Select((_, i) => "$v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var command = DispatchSql.Command(db, string.Format(System.Globalization.CultureInfo.InvariantCulture, sqlFormat, string.Join(", ", names)));
        for (var i = 0; i < values.Count; i++)
        {
            DispatchSql.Add(command, names[i], values[i]);
        }

        return command;
    }
}
