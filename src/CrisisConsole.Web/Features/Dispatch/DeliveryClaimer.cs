using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>
/// Claims due deliveries in batches, in one short write transaction before any HTTP call: one
/// UPDATE … RETURNING marks them claimed (ClaimedAt) and counts the attempt. In the same transaction every
/// claimed contact is checked again against <see cref="ContactMessagingPolicy"/>, so someone who opted
/// out after approval is never sent to: their delivery fails as opted out, with no fallback.
/// </summary>
public sealed class DeliveryClaimer(
    IDbContextFactory<AppDbContext> contexts,
    DeliveryWriteGate writeGate,
    DeliveryOutcomeWriter outcomes,
    LiveEventHub hub,
    IOptions<DispatchOptions> options,
    TimeProvider time)
{
    internal const string ClaimSql =
        $"UPDATE Deliveries SET {nameof(Delivery.ClaimedAt)} = $now, {nameof(Delivery.AttemptCount)} = {nameof(Delivery.AttemptCount)} + 1 " +
        $"WHERE {nameof(Delivery.Id)} IN (SELECT {nameof(Delivery.Id)} FROM Deliveries " +
        $"WHERE {nameof(Delivery.BroadcastId)} = $b AND {nameof(Delivery.Provider)} = $provider AND {nameof(Delivery.Status)} = $pending " +
        $"AND {nameof(Delivery.NextAttemptAt)} <= $now AND {nameof(Delivery.ClaimedAt)} IS NULL " +
        $"ORDER BY {nameof(Delivery.NextAttemptAt)} LIMIT $limit) " +
        $"RETURNING {nameof(Delivery.Id)}, {nameof(Delivery.ContactId)}, {nameof(Delivery.ToAddress)}, {nameof(Delivery.Language)}, {nameof(Delivery.AttemptCount)}";

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries of one broadcast on one provider and returns
    /// those that may be sent, each knowing whether the person's WhatsApp window is open.
    /// </summary>
    public async Task<IReadOnlyList<DispatchWork>> ClaimAsync(int broadcastId, GatewayProvider provider, int limit, BroadcastPlan? plan,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimed = new List<ClaimedDelivery>(limit);
        var work = new List<DispatchWork>(limit);
        var refused = 0;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await using (var command = DispatchSql.Command(db, ClaimSql,
                ("$now", now.ToUnixTimeMilliseconds()), ("$b", broadcastId), ("$provider", provider.ToString()),
                ("$pending", nameof(DeliveryStatus.Pending)), ("$limit", limit)))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    claimed.Add(new ClaimedDelivery(reader.GetInt64(0), broadcastId, DispatchSql.Int(reader, 1), provider,
                        reader.GetString(2), DispatchSql.String(reader, 3), reader.GetInt32(4), now));
                }
            }

            if (claimed.Count == 0)
            {
                return work;
            }

            var contactIds = claimed.Where(c => c.ContactId is not null).Select(c => c.ContactId!.Value).Distinct().ToList();
            var contacts = await db.Set<Contact>().AsNoTracking()
                .Where(c => contactIds.Contains(c.Id))
                .Select(c => new Contact { Id = c.Id, Consent = c.Consent, DeletedAt = c.DeletedAt, LastInboundWhatsAppAt = c.LastInboundWhatsAppAt })
                .ToDictionaryAsync(c => c.Id, cancellationToken);
            var windowStart = now - TimeSpan.FromHours(options.Value.WindowHours);
            foreach (var delivery in claimed)
            {
                var contact = delivery.ContactId is { } contactId ? contacts.GetValueOrDefault(contactId) : null;
                if (contact is null || !ContactMessagingPolicy.CanMessage(contact))
                {
                    var reason = contact is null || contact.DeletedAt is not null
                        ? "Not sent: the contact was deleted after the broadcast was approved."
                        : "Not sent: the contact opted out after the broadcast was approved.";
                    await outcomes.ApplyAsync(db, new DeliveryOutcome(delivery, OutcomeKind.Failed, ErrorCode: DispatchErrorCodes.OptedOut, Reason: reason),
                        cancellationToken);
                    refused++;
                    continue;
                }

                var insideWindow = contact.LastInboundWhatsAppAt is { } lastInbound && lastInbound > windowStart;
                work.Add(new DispatchWork(delivery, plan, insideWindow));
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (refused > 0)
        {
            hub.Publish(new BroadcastDeliveriesChanged(broadcastId));
        }

        return work;
    }
}
