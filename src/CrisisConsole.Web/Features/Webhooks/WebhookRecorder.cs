using System.Data.Common;
using System.Threading.Channels;
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
/// Writes signed webhook requests durably: each status event (applied to its delivery), each inbound
/// message, and the raw request when it is needed. The endpoint answers 2xx only after its request is
/// committed, so a provider retries anything not stored.
/// </summary>
/// <remarks>
/// The raw request (GatewayWebhookEvents) is kept for every inbound message, platform error, status
/// word that is not delivery progress, empty request, and status event that matched no delivery yet
/// (a callback that beat the send response, or one for a message we do not know). It is not kept for
/// a status event that matched its delivery: that is nearly every callback (about four per message, so
/// 400,000 payloads for a 100,000-recipient broadcast), and its DeliveryStatusEvents row already holds
/// what it said (provider id, raw status, error code and reason, times). Requests that fail the
/// signature check or cannot be parsed are refused and never stored.
/// <para>
/// Group commit: requests that arrive while a transaction is being written wait in a queue and are
/// written together in the next one. SQLite has one writer, and a transaction per webhook spends most of
/// its time opening, beginning and committing; sharing them is what lets thousands of callbacks a second
/// in. If one request of a batch fails, the batch is rolled back and each request is written again in
/// its own transaction, so only that one fails (rare: parsing and signature checks happen before).
/// </para>
/// </remarks>
public sealed class WebhookRecorder : IAsyncDisposable
{
    /// <summary>Requests written in one transaction at most; bounds the wait of the last one in a batch.</summary>
    internal const int MaxBatch = 128;

    private readonly IDbContextFactory<AppDbContext> contexts;
    private readonly DeliveryStatusTracker tracker;
    private readonly DeliveryWriteGate writeGate;
    private readonly InboundMessageObservers inboundObservers;
    private readonly TimeProvider time;
    private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task writer;

    public WebhookRecorder(IDbContextFactory<AppDbContext> contexts, DeliveryStatusTracker tracker, DeliveryWriteGate writeGate,
        InboundMessageObservers inboundObservers, TimeProvider time)
    {
        this.contexts = contexts;
        this.tracker = tracker;
        this.writeGate = writeGate;
        this.inboundObservers = inboundObservers;
        this.time = time;
        writer = Task.Run(WriteBatchesAsync);
    }

    public async Task<WebhookRecordSummary> RecordAsync(WebhookSource source, WebhookKind kind, string payload, string? idempotencyToken,
        IReadOnlyList<GatewayEvent> events, CancellationToken cancellationToken)
    {
        var write = new PendingWrite(source, kind, payload, idempotencyToken, events);
        if (!queue.Writer.TryWrite(write))
        {
            throw new InvalidOperationException("The webhook recorder is shutting down.");
        }

        return await write.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteBatchesAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            try
            {
                await WriteTogetherAsync(batch);
            }
            catch (Exception) when (batch.Count > 1)
            {
                // One request spoiled the shared transaction (and nothing of it was committed): write
                // each on its own, so only the faulty one fails.
                foreach (var write in batch)
                {
                    await WriteAloneAsync(write);
                }
            }
            catch (Exception exception)
            {
                batch[0].Completion.TrySetException(exception);
            }
        }
    }

    private async Task WriteTogetherAsync(List<PendingWrite> batch)
    {
        var results = new WebhookRecordSummary[batch.Count];
        using (await writeGate.EnterAsync(CancellationToken.None))
        {
            await using var db = await contexts.CreateDbContextAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = await WriteAsync(db, batch[i], CancellationToken.None);
                // Everything of this request is saved; untracking it keeps each later SaveChanges of the
                // batch from scanning all the earlier requests' entities again (quadratic in the batch).
                db.ChangeTracker.Clear();
            }

            await transaction.CommitAsync();
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(results[i]);
        }
    }

    private async Task WriteAloneAsync(PendingWrite write)
    {
        try
        {
            await WriteTogetherAsync([write]);
        }
        catch (Exception exception)
        {
            write.Completion.TrySetException(exception);
        }
    }

    private async Task<WebhookRecordSummary> WriteAsync(AppDbContext db, PendingWrite write, CancellationToken cancellationToken)
    {
        var (source, kind, payload, idempotencyToken, events) = (write.Source, write.Kind, write.Payload, write.IdempotencyToken, write.Events);
        var receivedAt = time.GetUtcNow();
        // The raw request is stored at most once, and only when something needs it (see the class remarks).
        long? rawId = null;
        async Task<long> RawIdAsync() => rawId ??= await InsertRawAsync(db, new GatewayWebhookEvent
        {
            Source = source,
            Kind = kind,
            ProviderMessageId = events.Select(FirstMessageId).FirstOrDefault(id => id is not null),
            ReceivedAt = receivedAt,
            Payload = payload,
            EventCount = events.Count,
            IdempotencyToken = idempotencyToken is { Length: > 0 and <= 128 } ? idempotencyToken : null,
        }, cancellationToken);

        if (events.Count == 0 || events.Any(e => e is not StatusEvent))
        {
            await RawIdAsync();
        }

        int advanced = 0, unchanged = 0, duplicates = 0, pending = 0, inbound = 0, platformErrors = 0;
        var seenMessages = new HashSet<string>(StringComparer.Ordinal);
        var storedMessages = new List<InboundMessage>();
        foreach (var gatewayEvent in events)
        {
            switch (gatewayEvent)
            {
                case StatusEvent status:
                    switch (await tracker.ApplyAsync(db, status, RawIdAsync, receivedAt, cancellationToken))
                    {
                        case StatusEventOutcome.Advanced: advanced++; break;
                        case StatusEventOutcome.Duplicate: duplicates++; break;
                        case StatusEventOutcome.Pending: pending++; break;
                        default: unchanged++; break;
                    }

                    break;
                case InboundEvent message:
                    if (await InboundMessageIntake.AddIfNewAsync(db, message, rawId!.Value, receivedAt, seenMessages, cancellationToken) is { } stored)
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

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await writer;
    }

    private sealed record PendingWrite(WebhookSource Source, WebhookKind Kind, string Payload, string? IdempotencyToken, IReadOnlyList<GatewayEvent> Events)
    {
        public TaskCompletionSource<WebhookRecordSummary> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
