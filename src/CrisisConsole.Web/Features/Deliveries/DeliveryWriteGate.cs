namespace CrisisConsole.Web.Features.Deliveries;

/// <summary>
/// Lets one delivery-status write transaction at a time into SQLite from this process. SQLite has a
/// single writer anyway; without this, concurrent writers wait in SQLite's busy handler, which sleeps
/// in steps of milliseconds, where a queue here hands over at once.
/// </summary>
public sealed class DeliveryWriteGate
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
