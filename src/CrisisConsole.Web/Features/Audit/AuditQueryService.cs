using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.ApiKeys;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Audit;

/// <summary>What the audit page filters on. Empty parts do not filter. <see cref="To"/> is exclusive.</summary>
public sealed record AuditFilter(string? Actor = null, string? Action = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>One page of entries, and how many match (at most the cap, when <see cref="CountIsCapped"/>).</summary>
public sealed record AuditSearchResult(IReadOnlyList<AuditEntry> Entries, int Count, bool CountIsCapped);

/// <summary>
/// Reads the audit log for the Admin page, newest first. Built to stay fast over millions of rows:
/// - the order (At, Id) descending walks the index on At (SQLite keeps the row id in every index);
/// - an action filter uses the (Action, At) index;
/// - the actor text is first resolved to actor ids (users by name or e-mail, API keys by name,
///   "system", "anonymous"), so it uses the (ActorId, At) index instead of scanning names;
/// - the count stops at <see cref="CountCap"/>: nobody pages through ten thousand entries, they
///   narrow the filter.
/// </summary>
public sealed class AuditQueryService(IDbContextFactory<AppDbContext> contexts)
{
    public const int DefaultCountCap = 10_000;
    public const int MaxPageSize = 200;

    public int CountCap { get; init; } = DefaultCountCap;

    public async Task<AuditSearchResult> SearchAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        skip = Math.Max(0, skip);
        take = Math.Clamp(take, 1, MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actorIds = string.IsNullOrWhiteSpace(filter.Actor)
            ? null
            : await ResolveActorIdsAsync(db, filter.Actor.Trim(), cancellationToken);
        var query = Filter(db.Set<AuditEntry>().AsNoTracking(), filter, actorIds);
        var entries = await NewestFirst(query).Skip(skip).Take(take).ToListAsync(cancellationToken);
        // Ordered like the page so SQLite walks the same index and stops at the cap.
        var count = await NewestFirst(query).Take(CountCap + 1).CountAsync(cancellationToken);
        return count > CountCap
            ? new AuditSearchResult(entries, CountCap, true)
            : new AuditSearchResult(entries, count, false);
    }

    /// <summary>The filter as SQL; internal so a test can check SQLite's plan for it.</summary>
    internal static IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> query, AuditFilter filter, IReadOnlyCollection<string>? actorIds)
    {
        if (actorIds is { Count: 1 })
        {
            // Equality, not IN: then the (ActorId, At) index also gives the order, and no sort is needed.
            var actorId = actorIds.First();
            query = query.Where(e => e.ActorId == actorId);
        }
        else if (actorIds is not null)
        {
            query = query.Where(e => actorIds.Contains(e.ActorId));
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            query = query.Where(e => e.Action == action);
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.At >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.At < to);
        }

        return query;
    }

    /// <summary>Id breaks ties between entries of the same millisecond, so pages never overlap.</summary>
    internal static IQueryable<AuditEntry> NewestFirst(IQueryable<AuditEntry> query) =>
        query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id);

    /// <summary>
    /// Actor ids whose user or key matches the text (case-insensitive, anywhere in it); when none
    /// does, the text itself, so an exact id pasted from another entry works too.
    /// </summary>
    internal static async Task<List<string>> ResolveActorIdsAsync(AppDbContext db, string text, CancellationToken cancellationToken)
    {
        var pattern = "%" + EscapeLike(text) + "%";
        var ids = await db.Users
            .Where(u => EF.Functions.Like(u.DisplayName, pattern, "\\")
                        || EF.Functions.Like(u.Email!, pattern, "\\")
                        || EF.Functions.Like(u.UserName!, pattern, "\\"))
            .OrderBy(u => u.Id)
            .Select(u => u.Id)
            .Take(500)
            .ToListAsync(cancellationToken);

        var keyIds = await db.Set<ApiKey>()
            .Where(k => EF.Functions.Like(k.Name, pattern, "\\"))
            .OrderBy(k => k.Id)
            .Select(k => k.Id)
            .Take(500)
            .ToListAsync(cancellationToken);
        ids.AddRange(keyIds.Select(id => "apikey:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        foreach (var builtIn in new[] { AuditActor.System.Id, AuditActor.Anonymous.Id })
        {
            if (builtIn.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                ids.Add(builtIn);
            }
        }

        if (ids.Count == 0)
        {
            // Nothing matched by name: perhaps an id copied from another entry (a deleted key, a user id).
            ids.Add(text);
        }

        return ids.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
