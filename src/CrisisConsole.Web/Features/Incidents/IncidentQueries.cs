using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Incidents;

public enum IncidentListFilter
{
    /// <summary>Open, monitoring or resolved: not yet closed.</summary>
    NotClosed,
    Closed,
    Drills,
    All,
}

/// <summary>A broadcast of an incident, as its page lists it.</summary>
public sealed record IncidentBroadcast(int Id, string TemplateName, BroadcastState State, bool IsDrill, int RecipientCount,
    DateTimeOffset CreatedAt, DateTimeOffset? SendingStartedAt, string CreatedByName);

/// <summary>One incident with what its page shows: zones, segment names, variables, broadcasts and the timeline in time order.</summary>
public sealed record IncidentDetails(
    Incident Incident,
    IReadOnlyList<string> Zones,
    IReadOnlyList<string> SegmentNames,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyList<IncidentBroadcast> Broadcasts,
    IReadOnlyList<IncidentTimelineEntry> Timeline);

/// <summary>An incident a broadcast may be composed under (not closed).</summary>
public sealed record IncidentChoice(int Id, string Title, IncidentState State, bool IsDrill);

/// <summary>A user who can be incident manager or communications lead.</summary>
public sealed record IncidentPersonChoice(string Id, string Name);

/// <summary>Reads for the incident pages and the API; one short-lived context per call.</summary>
public sealed class IncidentQueries(IDbContextFactory<AppDbContext> contexts)
{
    public const int ListLimit = 200;

    public async Task<IReadOnlyList<Incident>> ListAsync(IncidentListFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Set<Incident>().AsNoTracking();
        query = filter switch
        {
            IncidentListFilter.NotClosed => query.Where(i => i.State != IncidentState.Closed),
            IncidentListFilter.Closed => query.Where(i => i.State == IncidentState.Closed),
            IncidentListFilter.Drills => query.Where(i => i.IsDrill),
            _ => query,
        };
        return await query.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Take(ListLimit).ToListAsync(cancellationToken);
    }

    public async Task<Incident?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Incident>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
    }

    public async Task<IncidentDetails?> GetDetailsAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Set<Incident>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (incident is null)
        {
            return null;
        }

        var segmentIds = BroadcastJson.ReadIds(incident.SegmentIdsJson);
        var names = await db.Set<Segment>().AsNoTracking().Where(s => segmentIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.DeletedAt == null ? s.Name : s.Name + " (deleted)", cancellationToken);
        var broadcasts = await BroadcastsOfAsync(db, id, cancellationToken);
        var timeline = await db.Set<IncidentTimelineEntry>().AsNoTracking().Where(e => e.IncidentId == id)
            .OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return new IncidentDetails(incident, IncidentJson.ReadStrings(incident.ZonesJson),
            segmentIds.Select(s => names.GetValueOrDefault(s, $"segment {s}")).ToList(),
            BroadcastJson.ReadVariables(incident.VariablesJson), broadcasts, timeline);
    }

    public async Task<IReadOnlyList<IncidentBroadcast>> BroadcastsOfAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await BroadcastsOfAsync(db, id, cancellationToken);
    }

    public async Task<IncidentFigures> FiguresAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await IncidentFigureQueries.ReadAsync(db, id, cancellationToken);
    }

    /// <summary>Incidents a broadcast may be composed under: every one not closed, newest first.</summary>
    public async Task<IReadOnlyList<IncidentChoice>> OpenChoicesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Incident>().AsNoTracking().Where(i => i.State != IncidentState.Closed)
            .OrderByDescending(i => i.CreatedAt).Take(ListLimit)
            .Select(i => new IncidentChoice(i.Id, i.Title, i.State, i.IsDrill)).ToListAsync(cancellationToken);
    }

    /// <summary>Enabled users, for the manager and communications lead pickers.</summary>
    public async Task<IReadOnlyList<IncidentPersonChoice>> PeopleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Where(u => !u.IsDisabled).OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
        return users.Select(u => new IncidentPersonChoice(u.Id, string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : $"{u.DisplayName} ({u.Email})")).ToList();
    }

    public async Task<IReadOnlyList<string>> ZonesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await IncidentInputChecks.KnownZonesAsync(db, cancellationToken);
    }

    /// <summary>
    /// Active incidents led by <paramref name="userId"/> whose reminder is outstanding: reminded, and no
    /// update has gone out since. The banner on the lead's pages shows these.
    /// </summary>
    public async Task<IReadOnlyList<Incident>> AwaitingUpdateFromAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var led = await db.Set<Incident>().AsNoTracking()
            .Where(i => i.CommsLeadUserId == userId && (i.State == IncidentState.Open || i.State == IncidentState.Monitoring) && i.LastReminderAt != null)
            .ToListAsync(cancellationToken);
        return led.Where(IncidentReminders.IsOutstanding).OrderBy(i => i.Id).ToList();
    }

    private static async Task<List<IncidentBroadcast>> BroadcastsOfAsync(AppDbContext db, int id, CancellationToken cancellationToken) =>
        await db.Set<Broadcast>().AsNoTracking().Where(b => b.IncidentId == id).OrderBy(b => b.CreatedAt).ThenBy(b => b.Id)
            .Select(b => new IncidentBroadcast(b.Id, b.TemplateName, b.State, b.IsDrill, b.RecipientCount, b.CreatedAt, b.SendingStartedAt, b.CreatedByName))
            .ToListAsync(cancellationToken);
}
