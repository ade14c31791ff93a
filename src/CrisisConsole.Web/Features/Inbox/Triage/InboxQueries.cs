using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Incidents;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Inbox.Triage;

/// <summary>
/// Reads the triage queue one page at a time: by priority (needs help, questions, other, then what
/// resolves itself), newest first within a priority, so a new call for help lands at the top of the
/// live queue. The state and priority filters are the leading columns of IX_InboundMessages_Triage, so
/// the rows read are those of the chosen states (the open ones by default: few next to the resolved
/// safe answers); contact names are fetched for the page's rows only.
/// </summary>
public sealed class InboxQueries(IDbContextFactory<AppDbContext> contexts)
{
    public async Task<InboxPage> PageAsync(InboxFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        take = Math.Clamp(take, 1, 200);
        skip = Math.Max(0, skip);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderBy(m => m.Priority).ThenByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id)
            .Skip(skip).Take(take)
            .Select(m => new InboxRow(m.Id, m.Classification, m.TriageState, m.ContactId, null, m.FromAddress, m.Channel, m.Kind, m.Text,
                m.Latitude != null && m.Longitude != null, m.MediaCount, m.Zone, m.Language, m.ReceivedAt, m.AssignedToName))
            .ToListAsync(cancellationToken);

        var contactIds = rows.Where(r => r.ContactId is not null).Select(r => r.ContactId!.Value).Distinct().ToList();
        var names = contactIds.Count == 0
            ? new Dictionary<int, string>()
            : await db.Set<Contact>().AsNoTracking().Where(c => contactIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        return new InboxPage(rows.Select(r => r.ContactId is { } id && names.TryGetValue(id, out var name) ? r with { ContactName = name } : r).ToList(), total);
    }

    /// <summary>New items from people who need help: the navigation's badge. One index range (state New, priority 0).</summary>
    public async Task<int> NewNeedsHelpCountAsync(CancellationToken cancellationToken = default)
    {
        var priority = InboxPriority.Of(InboundClassification.NeedsHelp);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<InboundMessage>().CountAsync(m => m.TriageState == TriageState.New && m.Priority == priority, cancellationToken);
    }

    /// <summary>Zones and languages from the contacts (indexed, a handful of values), incidents newest first.</summary>
    public async Task<InboxFilterChoices> ChoicesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var zones = await db.Set<Contact>().Where(c => c.Zone != null && c.Zone != "").Select(c => c.Zone!).Distinct().OrderBy(z => z).Take(500).ToListAsync(cancellationToken);
        var languages = await db.Set<Contact>().Select(c => c.Language).Distinct().OrderBy(l => l).Take(100).ToListAsync(cancellationToken);
        var incidents = await db.Set<Incident>().AsNoTracking().OrderByDescending(i => i.Id).Take(100)
            .Select(i => new IncidentChoice(i.Id, i.Title)).ToListAsync(cancellationToken);
        return new InboxFilterChoices(zones, languages, incidents);
    }

    private static IQueryable<InboundMessage> Filtered(AppDbContext db, InboxFilter filter)
    {
        var query = db.Set<InboundMessage>().AsNoTracking();
        query = filter.State switch
        {
            InboxStateFilter.Open => query.Where(m => m.TriageState == TriageState.New || m.TriageState == TriageState.InProgress),
            InboxStateFilter.New => query.Where(m => m.TriageState == TriageState.New),
            InboxStateFilter.InProgress => query.Where(m => m.TriageState == TriageState.InProgress),
            InboxStateFilter.Resolved => query.Where(m => m.TriageState == TriageState.Resolved),
            _ => query,
        };

        if (filter.Classification is { } classification)
        {
            // Priority first: the index's second column narrows the range before the classification is checked.
            var priority = InboxPriority.Of(classification);
            query = query.Where(m => m.Priority == priority && m.Classification == classification);
        }

        if (!string.IsNullOrWhiteSpace(filter.Zone))
        {
            var zone = filter.Zone.Trim();
            query = query.Where(m => m.Zone != null && EF.Functions.Collate(m.Zone, "NOCASE") == zone);
        }

        if (!string.IsNullOrWhiteSpace(filter.Language))
        {
            var language = filter.Language.Trim();
            query = query.Where(m => m.Language == language);
        }

        if (filter.IncidentId is { } incidentId)
        {
            query = query.Where(m => m.IncidentId == incidentId);
        }

        return query;
    }
}
