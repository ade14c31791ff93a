using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace CrisisConsole.Web.Features.Live;

/// <summary>
/// Live events that may only be seen once the transaction that caused them has committed: a page told
/// of a status change must find it when it reads, and a rolled-back change must never be shown. Code
/// that writes inside a transaction calls <see cref="Publish{TEvent}"/>; the events wait on that
/// transaction and go to the <see cref="LiveEventHub"/> when it commits, whoever owns it (the webhook
/// recorder, the tracker, the messaging service). A transaction rolled back or disposed without commit
/// drops them.
/// </summary>
public sealed class AfterCommitEvents(LiveEventHub hub)
{
    // Keyed by the ADO.NET transaction, so nothing outlives it: a transaction never committed is
    // collected with its pending events.
    private readonly ConditionalWeakTable<DbTransaction, List<Action>> pending = new();

    /// <summary>Queues <paramref name="liveEvent"/> on the open transaction of <paramref name="db"/>.</summary>
    /// <exception cref="InvalidOperationException">No transaction is open on <paramref name="db"/>.</exception>
    public void Publish<TEvent>(DbContext db, TEvent liveEvent) where TEvent : class
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Publish after commit needs an open transaction on the context.");
        var queue = pending.GetOrCreateValue(transaction);
        queue.Add(() => hub.Publish(liveEvent));
    }

    /// <summary>How many events wait on this transaction (for tests and diagnostics).</summary>
    public int PendingCount(DbTransaction transaction) => pending.TryGetValue(transaction, out var queue) ? queue.Count : 0;

    internal void Committed(DbTransaction transaction)
    {
        if (!pending.TryGetValue(transaction, out var queue))
        {
            return;
        }

        pending.Remove(transaction);
        foreach (var publish in queue)
        {
            publish();
        }
    }

    internal void Abandoned(DbTransaction transaction) => pending.Remove(transaction);
}

/// <summary>Tells <see cref="AfterCommitEvents"/> when EF commits or rolls back a transaction.</summary>
internal sealed class AfterCommitInterceptor(AfterCommitEvents events) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => events.Committed(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        events.Committed(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => events.Abandoned(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        events.Abandoned(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => events.Abandoned(transaction);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        events.Abandoned(transaction);
        return Task.CompletedTask;
    }
}
