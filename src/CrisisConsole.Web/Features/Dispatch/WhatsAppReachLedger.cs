using CrisisConsole.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>
/// WhatsApp's messaging limit: the number of unique people a business may reach outside their 24-hour
/// window in a rolling 24 hours (gateways.md B.3). Counted in memory for speed and stored in
/// <see cref="WhatsAppReachEntry"/> rows (written with each accepted send) so a restart keeps the count.
/// A place is reserved before the send and given back if the provider does not accept the message.
/// </summary>
public sealed class WhatsAppReachLedger(IDbContextFactory<AppDbContext> contexts, IOptions<DispatchOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Period = TimeSpan.FromHours(24);

    private readonly Dictionary<string, DateTimeOffset> counted = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim loading = new(1, 1);
    private readonly Lock gate = new();
    private volatile bool loaded;
    private DateTimeOffset lastPruned;

    public int Limit => options.Value.WhatsAppDailyReachLimit;

    /// <summary>
    /// Reserves a place for <paramref name="address"/>: true when WhatsApp may reach them (already counted
    /// within 24 hours, or a place is left). <paramref name="isNew"/> says whether this used a new place,
    /// to be stored when accepted or given back with <see cref="Release"/> when not.
    /// </summary>
    public async ValueTask<(bool Allowed, bool IsNew)> TryReserveAsync(string address, CancellationToken cancellationToken)
    {
        var limit = Limit;
        if (limit == 0)
        {
            return (true, false);
        }

        await EnsureLoadedAsync(cancellationToken);
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (counted.TryGetValue(address, out var at) && now - at < Period)
            {
                return (true, false);
            }

            Prune(now, force: counted.Count >= limit);
            if (counted.Count >= limit)
            {
                return (false, false);
            }

            counted[address] = now;
            return (true, true);
        }
    }

    /// <summary>Gives back a place reserved by <see cref="TryReserveAsync"/> for a send the provider did not accept.</summary>
    public void Release(string address)
    {
        lock (gate)
        {
            counted.Remove(address);
        }
    }

    /// <summary>How many people are counted now (for tests and the preview).</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        lock (gate)
        {
            Prune(time.GetUtcNow(), force: true);
            return counted.Count;
        }
    }

    /// <summary>Stores a newly counted person in the caller's transaction (the outcome write of the accepted send).</summary>
    internal static Task StoreAsync(AppDbContext db, string address, DateTimeOffset at, CancellationToken cancellationToken) =>
        DispatchSql.ExecuteAsync(db,
            $"INSERT INTO WhatsAppReachEntries ({nameof(WhatsAppReachEntry.Address)}, {nameof(WhatsAppReachEntry.CountedAt)}) VALUES ($address, $at) " +
            $"ON CONFLICT ({nameof(WhatsAppReachEntry.Address)}) DO UPDATE SET {nameof(WhatsAppReachEntry.CountedAt)} = excluded.{nameof(WhatsAppReachEntry.CountedAt)}",
            cancellationToken, ("$address", address), ("$at", at.ToUnixTimeMilliseconds()));

    private async ValueTask EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (loaded)
        {
            return;
        }

        await loading.WaitAsync(cancellationToken);
        try
        {
            if (loaded)
            {
                return;
            }

            var since = time.GetUtcNow() - Period;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var rows = await db.Set<WhatsAppReachEntry>().AsNoTracking().Where(e => e.CountedAt > since).ToListAsync(cancellationToken);
            lock (gate)
            {
                foreach (var row in rows)
                {
                    counted.TryAdd(row.Address, row.CountedAt);
                }
            }

            loaded = true;
        }
        finally
        {
            loading.Release();
        }
    }

    private void Prune(DateTimeOffset now, bool force = false)
    {
        if (!force && now - lastPruned < TimeSpan.FromSeconds(10))
        {
            return;
        }

        lastPruned = now;
        foreach (var (address, at) in counted.ToList())
        {
            if (now - at >= Period)
            {
                counted.Remove(address);
            }
        }
    }
}
