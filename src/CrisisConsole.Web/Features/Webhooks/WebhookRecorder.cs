using System.Data.Common;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CrisisConsole.Web.Features.Webhooks;

/// <summary>What one webhook request changed.</summary>
public sealed record WebhookRecordSummary(int Advanced, int Unchanged, int Duplicates, int Pending, int Inbound, int PlatformErrors);

/// <summary>
/// Writes one signed webhook request durably, in one short transaction: the raw request, each status
/// event (applied to its delivery) and each inbound message. The endpoint answers 2xx only after this
/// returns, so a provider retries anything not stored.
/// </summary>
public sealed class WebhookRecorder(
    IDbContextFactory<AppDbContext> contexts,
    DeliveryStatusTracker tracker,
    DeliveryWriteGate writeGate,
    InboundMessageObservers inboundObservers,
    TimeProvider time)
{
    public async Task<WebhookRecordSummary> RecordAsync(WebhookSource source, WebhookKind kind, string payload, string? idempotencyToken,
        IReadOnlyList<GatewayEvent> events, CancellationToken cancellationToken)
    {
        using var turn = await writeGate.EnterAsync(cancellationToken);
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
        var rawId = await InsertRawAsync(db, raw, cancellationToken);

        int advanced = 0, unchanged = 0, duplicates = 0, pending = 0, inbound = 0, platformErrors = 0;
        var seenMessages = new HashSet<string>(StringComparer.Ordinal);
        var storedMessages = new List<InboundMessage>();
        foreach (var gatewayEvent in events)
        {
            switch (gatewayEvent)
            {
                case StatusEvent status:
                    switch (await tracker.ApplyAsync(db, status, rawId, receivedAt, cancellationToken))
                    {
                        case StatusEventOutcome.Advanced: advanced++; break;
                        case StatusEventOutcome.Duplicate: duplicates++; break;
                        case StatusEventOutcome.Pending: pending++; break;
                        default: unchanged++; break;
                    }

                    break;
                case InboundEvent message:
                    if (await InboundMessageIntake.AddIfNewAsync(db, message, rawId, receivedAt, seenMessages, cancellationToken) is { } stored)
                    {
                        storedMessages.Add(stored);
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

        if (inbound > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            // Each new message once, after its row is written; duplicates were never added.
            foreach (var stored in storedMessages)
            {
                await inboundObservers.NotifyAsync(db, stored, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new WebhookRecordSummary(advanced, unchanged, duplicates, pending, inbound, platformErrors);
    }

    /// <summary>A plain insert: every webhook passes here, so it skips EF's change tracking (see DeliveryStatusSql).</summary>
    private static async Task<long> InsertRawAsync(AppDbContext db, GatewayWebhookEvent raw, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText =
            $"INSERT INTO GatewayWebhookEvents ({nameof(GatewayWebhookEvent.Source)}, {nameof(GatewayWebhookEvent.Kind)}, " +
            $"{nameof(GatewayWebhookEvent.ProviderMessageId)}, {nameof(GatewayWebhookEvent.ReceivedAt)}, {nameof(GatewayWebhookEvent.Payload)}, " +
            $"{nameof(GatewayWebhookEvent.EventCount)}, {nameof(GatewayWebhookEvent.IdempotencyToken)}) " +
            $"VALUES ($source, $kind, $pid, $received, $payload, $count, $token) RETURNING {nameof(GatewayWebhookEvent.Id)}";
        Add(command, "$source", raw.Source.ToString());
        Add(command, "$kind", raw.Kind.ToString());
        Add(command, "$pid", raw.ProviderMessageId);
        Add(command, "$received", raw.ReceivedAt.ToUnixTimeMilliseconds());
        Add(command, "$payload", raw.Payload);
        Add(command, "$count", (long)raw.EventCount);
        Add(command, "$token", raw.IdempotencyToken);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static string? FirstMessageId(GatewayEvent gatewayEvent) => gatewayEvent switch
    {
        StatusEvent status => status.ProviderMessageId,
        InboundEvent message => message.ProviderMessageId,
        _ => null,
    };
}
