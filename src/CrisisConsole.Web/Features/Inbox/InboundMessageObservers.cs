using CrisisConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// Runs the <see cref="IInboundMessageObserver"/>s for one stored message, each behind a savepoint: an
/// observer that throws has its own writes undone and is logged, while the message (already written in
/// the same transaction) and the other observers' work still commit. A provider retrying the webhook
/// would otherwise be told to resend a message we already hold.
/// </summary>
public sealed partial class InboundMessageObservers(IEnumerable<IInboundMessageObserver> observers, ILogger<InboundMessageObservers> logger)
{
    private readonly IInboundMessageObserver[] observers = observers.ToArray();

    public async Task NotifyAsync(AppDbContext db, InboundMessage message, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("Inbound observers run inside the transaction that stored the message.");
        foreach (var observer in observers)
        {
            const string savepoint = "inbound_observer";
            await transaction.CreateSavepointAsync(savepoint, cancellationToken);
            try
            {
                await observer.OnStoredAsync(db, message, cancellationToken);
                await transaction.ReleaseSavepointAsync(savepoint, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await transaction.RollbackToSavepointAsync(savepoint, cancellationToken);
                DiscardPendingChanges(db);
                LogObserverFailed(logger, observer.GetType().Name, message.Id, exception);
            }
        }
    }

    /// <summary>What the failed observer left in the change tracker must not be saved by the next one.</summary>
    internal static void DiscardPendingChanges(AppDbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    entry.State = EntityState.Detached;
                    break;
                case EntityState.Modified or EntityState.Deleted:
                    entry.CurrentValues.SetValues(entry.OriginalValues);
                    entry.State = EntityState.Unchanged;
                    break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Observer} failed on inbound message {InboundMessageId}; its changes were undone, the message is kept")]
    private static partial void LogObserverFailed(ILogger logger, string observer, long inboundMessageId, Exception exception);
}
