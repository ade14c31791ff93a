using CrisisConsole.Web.Data;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// Offered every newly stored inbound message once, inside the webhook's transaction and after the
/// message row is written (it has its id). Check-ins use it; the inbox's classification will too.
/// Write through <paramref name="db"/> so the message and what follows from it commit together. A
/// failing observer is rolled back on its own (see <see cref="InboundMessageObservers"/>): it never costs
/// the message.
/// </summary>
public interface IInboundMessageObserver
{
    Task OnStoredAsync(AppDbContext db, InboundMessage message, CancellationToken cancellationToken);
}
