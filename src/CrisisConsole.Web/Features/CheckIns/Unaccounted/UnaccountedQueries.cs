using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.CheckIns.Unaccounted;

/// <summary>The broadcast the page is about, and whether it asks people to check in.</summary>
public sealed record UnaccountedBroadcast(int Id, string TemplateName, BroadcastState State, bool IsCheckIn, bool IsDrill,
    DateTimeOffset? SendingStartedAt, int Recipients);

public sealed record ZoneCount(string? Zone, int Count)
{
    public string Label => string.IsNullOrWhiteSpace(Zone) ? "No zone" : Zone;
}

public sealed record UnaccountedSummary(int Recipients, int Unaccounted, IReadOnlyList<ZoneCount> ByZone);

public sealed record UnaccountedPerson(int ContactId, string Name, string Phone, string? Zone, string Language);

/// <summary>
/// "Unaccounted for": everyone frozen into a check-in broadcast (one first-attempt delivery each) who has
/// not answered since a chosen time. An answer is the contact's <see cref="CheckIn"/> row for the
/// broadcast; it holds the latest answer, so "answered since" is its AnsweredAt. Without a time, any
/// answer accounts for the person. People who asked for help are accounted for: they are in the inbox.
/// </summary>
public sealed class UnaccountedQueries(IDbContextFactory<AppDbContext> contexts)
{
    /// <summary>The zone filter's value for people with no zone.</summary>
    public const string NoZone = "\u0000none";

    public async Task<UnaccountedBroadcast?> BroadcastAsync(int broadcastId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await (
            from broadcast in db.Set<Broadcast>()
            where broadcast.Id == broadcastId
            join template in db.Set<MessageTemplate>() on broadcast.TemplateId equals template.Id into templates
            from template in templates.DefaultIfEmpty()
            select new UnaccountedBroadcast(broadcast.Id, broadcast.TemplateName, broadcast.State,
                template != null && template.Category == TemplateCategory.CheckIn, broadcast.IsDrill, broadcast.SendingStartedAt, broadcast.RecipientCount))
            .AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return found;
    }

    public async Task<UnaccountedSummary> SummaryAsync(int broadcastId, DateTimeOffset? since, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var recipients = await Recipients(db, broadcastId).CountAsync(cancellationToken);
        var byZone = await (
            from contact in Contacts(db, broadcastId, since)
            group contact by contact.Zone into zone
            select new { Zone = zone.Key, Count = zone.Count() }).ToListAsync(cancellationToken);
        // Zones compare without regard to case (the contacts' collation); merge "north" into "North".
        var merged = byZone.GroupBy(z => z.Zone?.Trim() ?? "", StringComparer.OrdinalIgnoreCase)
            .Select(g => new ZoneCount(g.Key.Length == 0 ? null : g.First().Zone, g.Sum(z => z.Count)))
            .OrderByDescending(z => z.Count).ThenBy(z => z.Label, StringComparer.OrdinalIgnoreCase).ToList();
        return new UnaccountedSummary(recipients, merged.Sum(z => z.Count), merged);
    }

    /// <summary>One page of the unaccounted, by zone then name; <paramref name="zone"/> null for all, <see cref="NoZone"/> for those without.</summary>
    public async Task<(IReadOnlyList<UnaccountedPerson> People, int Total)> PageAsync(int broadcastId, DateTimeOffset? since, string? zone, int skip, int take,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = Contacts(db, broadcastId, since);
        if (zone == NoZone)
        {
            query = query.Where(c => c.Zone == null || c.Zone == "");
        }
        else if (!string.IsNullOrWhiteSpace(zone))
        {
            var wanted = zone.Trim();
            query = query.Where(c => c.Zone == wanted);
        }

        var total = await query.CountAsync(cancellationToken);
        var people = await query.OrderBy(c => c.Zone).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500))
            .Select(c => new UnaccountedPerson(c.Id, c.Name, c.Phone, c.Zone, c.Language))
            .ToListAsync(cancellationToken);
        return (people, total);
    }

    /// <summary>Every unaccounted contact id, for a re-send.</summary>
    public async Task<IReadOnlyList<int>> ContactIdsAsync(int broadcastId, DateTimeOffset? since, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await UnaccountedIds(db, broadcastId, since).ToListAsync(cancellationToken);
    }

    /// <summary>First attempts only: an SMS fallback is the same person again.</summary>
    private static IQueryable<Delivery> Recipients(AppDbContext db, int broadcastId) =>
        db.Set<Delivery>().Where(d => d.BroadcastId == broadcastId && d.FallbackForDeliveryId == null && d.ContactId != null);

    /// <summary>The contact ids of recipients with no answer (since <paramref name="since"/>, when given).</summary>
    private static IQueryable<int> UnaccountedIds(AppDbContext db, int broadcastId, DateTimeOffset? since)
    {
        var answers = db.Set<CheckIn>().Where(c => c.BroadcastId == broadcastId);
        if (since is { } from)
        {
            answers = answers.Where(c => c.AnsweredAt >= from);
        }

        return Recipients(db, broadcastId).Where(d => !answers.Any(c => c.ContactId == d.ContactId)).Select(d => d.ContactId!.Value);
    }

    private static IQueryable<Contact> Contacts(AppDbContext db, int broadcastId, DateTimeOffset? since) =>
        from contactId in UnaccountedIds(db, broadcastId, since)
        join contact in db.Set<Contact>() on contactId equals contact.Id
        select contact;
}
