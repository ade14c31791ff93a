using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Inbox;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Webhooks;

/// <summary>What one webhook request changed.</summary>
public sealed record WebhookRecordSummary(int Advanced, int Unchanged, int Duplicates, int Pending, int Inbound, int PlatformErrors);

/// <summary>
/// Writes one signed webhook request durably, in one short transaction: the raw request, each status
/// event (applied to its delivery) and each inbound message. The endpoint answers 2xx only after this
/// returns, so a provider retries anything not stored.
/// </summary>
public sealed class WebhookRecorder(IDbContextFactory<AppDbContext> contexts, DeliveryStatusTracker tracker, TimeProvider time)
{
    public async Task<WebhookRecordSummary> RecordAsync(WebhookSource source, WebhookKind kind, string payload, string? idempotencyToken,
        IReadOnlyList<GatewayEvent> events, CancellationToken cancellationToken)
    {
        var receivedAt = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var raw = new GatewayWebhookEvent
        {
            Source = source,
            Kind = kind,
            ProviderMessageId = events.Select(FirstMessageId).FirstOrDefault(id => id is not null),
            ReceivedAt = receivedAt,
            Payload = payload,
            EventCount = events.Count,
            IdempotencyToken = idempotencyToken is { Length: > 0 and <= 128 } ? idempotencyToken : null,
        };
        db.Add(raw);

        int advanced = 0, unchanged = 0, duplicates = 0, pending = 0, inbound = 0, platformErrors = 0;
        var seenStatuses = new HashSet<string>(StringComparer.Ordinal);
        var seenMessages = new HashSet<string>(StringComparer.Ordinal);
        foreach (var gatewayEvent in events)
        {
            switch (gatewayEvent)
            {
                case StatusEvent status:
                    switch (await tracker.ApplyAsync(db, status, raw, receivedAt, seenStatuses, cancellationToken))
                    {
                        case StatusEventOutcome.Advanced: advanced++; break;
                        case StatusEventOutcome.Duplicate: duplicates++; break;
                        case StatusEventOutcome.Pending: pending++; break;
                        default: unchanged++; break;
                    }

                    break;
                case InboundEvent message:
                    if (await InboundMessageIntake.AddIfNewAsync(db, message, raw, receivedAt, seenMessages, cancellationToken))
                    {
                        inbound++;
                    }
                    else
                    {
                        duplicates++;
                    }

                    break;
                case PlatformErrorEvent:
                    platformErrors++;
                    break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new WebhookRecordSummary(advanced, unchanged, duplicates, pending, inbound, platformErrors);
    }

    private static string? FirstMessageId(GatewayEvent gatewayEvent) => gatewayEvent switch
    {
        StatusEvent status => status.ProviderMessageId,
        InboundEvent message => message.ProviderMessageId,
        _ => null,
    };
}
