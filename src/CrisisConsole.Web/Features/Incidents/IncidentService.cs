using System.Globalization;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Live;
using CrisisConsole.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Incidents;

/// <summary>
/// Opening incidents, moving them through <see cref="IncidentStateMachine"/> and adding notes. The
/// console and the REST API both come here, so every change is checked, audited and written to the
/// timeline (with who and when) in one transaction, and announced with <see cref="IncidentChanged"/>
/// once committed. Bad input comes back as messages, never as an exception.
/// </summary>
public sealed class IncidentService(
    IDbContextFactory<AppDbContext> contexts,
    AuditLog audit,
    AfterCommitEvents events,
    TimeProvider clock)
{
    public async Task<IncidentResult> OpenAsync(IncidentInput input, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (values, errors) = await CheckAsync(db, input, cancellationToken);
        if (errors.Count > 0)
        {
            return new IncidentResult(null, errors);
        }

        var now = clock.GetUtcNow();
        var incident = new Incident
        {
            Title = values!.Title,
            Severity = values.Severity,
            State = IncidentState.Open,
            IsDrill = input.IsDrill,
            ZonesJson = IncidentJson.WriteStrings(values.Zones),
            SegmentIdsJson = BroadcastJson.WriteIds(values.SegmentIds),
            VariablesJson = BroadcastJson.WriteVariables(values.Variables),
            ManagerUserId = values.Manager?.Id,
            ManagerName = values.Manager?.Name,
            CommsLeadUserId = values.CommsLead?.Id,
            CommsLeadName = values.CommsLead?.Name,
            CreatedById = BroadcastAuthor.IdOf(actor),
            CreatedByName = actor.Name,
            CreatedAt = now,
            UpdatedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Set<Incident>().Add(incident);
        await db.SaveChangesAsync(cancellationToken);
        var summary = DescribeOpening(incident, values);
        IncidentTimeline.Add(db, incident.Id, IncidentTimelineKind.Opened, summary, actor, now);
        audit.Add(db, actor, AuditActions.IncidentOpened, nameof(Incident), incident.Id.ToString(CultureInfo.InvariantCulture), summary);
        await db.SaveChangesAsync(cancellationToken);
        events.Publish(db, new IncidentChanged(incident.Id));
        await transaction.CommitAsync(cancellationToken);
        return IncidentResult.Ok(incident);
    }

    /// <summary>
    /// Moves the incident to <paramref name="to"/> and records the key figures as they are at that moment.
    /// <paramref name="expectedVersion"/>, when given, refuses the change if someone changed the incident since the page read it.
    /// </summary>
    public async Task<IncidentResult> ChangeStateAsync(int id, IncidentState to, AuditActor actor, Guid? expectedVersion = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var incident = await db.Set<Incident>().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (incident is null)
        {
            return IncidentResult.Missing(id);
        }

        if (expectedVersion is { } version && version != incident.Version)
        {
            return IncidentResult.Refused(IncidentFields.Form, "Someone changed this incident meanwhile; look again before changing its state.");
        }

        var from = incident.State;
        if (!IncidentStateMachine.CanTransition(from, to))
        {
            return IncidentResult.Refused(IncidentFields.Form, from == IncidentState.Closed
                ? $"Incident #{id} is closed; a closed incident cannot change any more."
                : $"Incident #{id} is {IncidentStateMachine.Describe(from)}; it cannot become {IncidentStateMachine.Describe(to)}.");
        }

        if (to == IncidentState.Closed)
        {
            var unfinished = await db.Set<Broadcast>().AsNoTracking()
                .Where(b => b.IncidentId == id && (b.State == BroadcastState.PendingApproval || b.State == BroadcastState.Approved
                    || b.State == BroadcastState.Sending || b.State == BroadcastState.Paused))
                .OrderBy(b => b.Id).Select(b => b.Id).ToListAsync(cancellationToken);
            if (unfinished.Count > 0)
            {
                return IncidentResult.Refused(IncidentFields.Form,
                    $"Broadcast{(unfinished.Count == 1 ? "" : "s")} {string.Join(", ", unfinished.Select(b => $"#{b}"))} of this incident " +
                    "are still waiting for approval or sending; let them finish or cancel them before closing.");
            }
        }

        var now = clock.GetUtcNow();
        incident.State = to;
        incident.UpdatedAt = now;
        incident.Version = Guid.NewGuid();
        switch (to)
        {
            case IncidentState.Monitoring:
                incident.MonitoringAt = now;
                break;
            case IncidentState.Resolved:
                incident.ResolvedAt = now;
                break;
            case IncidentState.Closed:
                incident.ClosedAt = now;
                break;
        }

        var change = $"{Capitalised(IncidentStateMachine.Describe(from))} → {IncidentStateMachine.Describe(to)}";
        var figures = await IncidentFigureQueries.ReadAsync(db, id, cancellationToken);
        IncidentTimeline.Add(db, id, IncidentTimelineKind.StateChanged, change, actor, now);
        IncidentTimeline.Add(db, id, IncidentTimelineKind.Figure, $"At {IncidentStateMachine.Describe(to)}: {figures.Describe()}", actor, now);
        audit.Add(db, actor, AuditActions.IncidentStateChanged, nameof(Incident), id.ToString(CultureInfo.InvariantCulture), change);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IncidentResult.Refused(IncidentFields.Form, "Someone changed this incident meanwhile; look again before changing its state.");
        }

        events.Publish(db, new IncidentChanged(id));
        await transaction.CommitAsync(cancellationToken);
        return IncidentResult.Ok(incident);
    }

    public async Task<IncidentResult> AddNoteAsync(int id, string? text, AuditActor actor, CancellationToken cancellationToken = default)
    {
        text = text?.Trim() ?? "";
        if (text.Length == 0)
        {
            return IncidentResult.Refused(IncidentFields.Note, "Write the note first.");
        }

        if (text.Length > IncidentTimelineEntry.TextMaxLength)
        {
            return IncidentResult.Refused(IncidentFields.Note, $"A note may be at most {IncidentTimelineEntry.TextMaxLength:N0} characters; this one has {text.Length:N0}.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var incident = await db.Set<Incident>().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (incident is null)
        {
            return IncidentResult.Missing(id);
        }

        var now = clock.GetUtcNow();
        IncidentTimeline.Add(db, id, IncidentTimelineKind.Note, text, actor, now);
        // The note is the operators' own words and may name people: the audit says that a note was added, not what it says.
        audit.Add(db, actor, AuditActions.IncidentNoteAdded, nameof(Incident), id.ToString(CultureInfo.InvariantCulture),
            $"Note added ({text.Length:N0} characters)");
        await db.SaveChangesAsync(cancellationToken);
        events.Publish(db, new IncidentChanged(id));
        await transaction.CommitAsync(cancellationToken);
        return IncidentResult.Ok(incident);
    }

    private sealed record Person(string Id, string Name);

    private sealed record CheckedIncident(string Title, IncidentSeverity Severity, List<string> Zones, List<int> SegmentIds,
        Dictionary<string, string> Variables, Person? Manager, Person? CommsLead);

    private static async Task<(CheckedIncident? Values, Dictionary<string, string> Errors)> CheckAsync(AppDbContext db, IncidentInput input,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            errors[IncidentFields.Title] = "Give the incident a title, e.g. \"Flooding in the North zone\".";
        }
        else if (title.Length > Incident.TitleMaxLength)
        {
            errors[IncidentFields.Title] = $"The title may be at most {Incident.TitleMaxLength} characters; it has {title.Length}.";
        }

        if (input.Severity is not { } severity || !Enum.IsDefined(severity))
        {
            errors[IncidentFields.Severity] = "Choose a severity: minor, major or critical.";
            severity = default;
        }

        var zones = await CheckZonesAsync(db, input.Zones, errors, cancellationToken);
        var segmentIds = await CheckSegmentsAsync(db, input.SegmentIds, errors, cancellationToken);
        var variables = CheckVariables(input.Variables, errors);
        var manager = await PersonAsync(db, input.ManagerUserId, IncidentFields.Manager, "incident manager", errors, cancellationToken);
        var commsLead = await PersonAsync(db, input.CommsLeadUserId, IncidentFields.CommsLead, "communications lead", errors, cancellationToken);
        return errors.Count > 0 ? (null, errors) : (new CheckedIncident(title, severity, zones, segmentIds, variables, manager, commsLead), errors);
    }

    private static async Task<List<string>> CheckZonesAsync(AppDbContext db, IEnumerable<string>? given, Dictionary<string, string> errors,
        CancellationToken cancellationToken)
    {
        var wanted = (given ?? []).Select(z => z?.Trim() ?? "").ToList();
        if (wanted.Any(z => z.Length == 0))
        {
            errors[IncidentFields.Zones] = "A zone cannot be empty.";
            return [];
        }

        wanted = wanted.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (wanted.Count > IncidentInput.MaxZones)
        {
            errors[IncidentFields.Zones] = $"Name at most {IncidentInput.MaxZones} zones.";
            return [];
        }

        if (wanted.Count == 0)
        {
            return [];
        }

        // Zones are the contacts' own: the stored spelling wins, so "north" becomes "North".
        var known = await KnownZonesAsync(db, cancellationToken);
        var byName = known.ToDictionary(z => z, z => z, StringComparer.OrdinalIgnoreCase);
        var unknown = wanted.Where(z => !byName.ContainsKey(z)).ToList();
        if (unknown.Count > 0)
        {
            errors[IncidentFields.Zones] = $"No contact is in zone {string.Join(", ", unknown.Select(z => $"'{z}'"))}." +
                (known.Count == 0 ? " No contact has a zone yet." : $" Known zones: {string.Join(", ", known.Take(20))}{(known.Count > 20 ? "…" : "")}.");
            return [];
        }

        return wanted.Select(z => byName[z]).ToList();
    }

    public static async Task<List<string>> KnownZonesAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Set<Contact>().AsNoTracking().Where(c => c.Zone != null && c.Zone != "" && c.DeletedAt == null)
            .Select(c => c.Zone!).Distinct().OrderBy(z => z).ToListAsync(cancellationToken);

    private static async Task<List<int>> CheckSegmentsAsync(AppDbContext db, IEnumerable<int>? given, Dictionary<string, string> errors,
        CancellationToken cancellationToken)
    {
        var wanted = (given ?? []).Distinct().ToList();
        if (wanted.Count > IncidentInput.MaxSegments)
        {
            errors[IncidentFields.Segments] = $"Choose at most {IncidentInput.MaxSegments} segments.";
            return [];
        }

        var live = await db.Set<Segment>().AsNoTracking().Where(s => wanted.Contains(s.Id) && s.DeletedAt == null).Select(s => s.Id).ToListAsync(cancellationToken);
        var missing = wanted.Count - live.Count;
        if (missing > 0)
        {
            errors[IncidentFields.Segments] = missing == 1
                ? "One of the chosen segments no longer exists; remove it."
                : $"{missing} of the chosen segments no longer exist; remove them.";
        }

        return wanted;
    }

    private static Dictionary<string, string> CheckVariables(IReadOnlyDictionary<string, string>? given, Dictionary<string, string> errors)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rawName, rawValue) in given ?? new Dictionary<string, string>())
        {
            var name = rawName?.Trim() ?? "";
            var value = rawValue?.Trim() ?? "";
            if (name.Length == 0 || name.Length > IncidentInput.VariableNameMaxLength || !name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-'))
            {
                errors[IncidentFields.Variables] = $"A variable name is 1 to {IncidentInput.VariableNameMaxLength} letters, digits, '-' or '_' (like the template's {{{{org}}}}); '{name}' is not.";
                return values;
            }

            if (value.Length > IncidentInput.VariableValueMaxLength)
            {
                errors[IncidentFields.Variables] = $"The value of {name} is too long: at most {IncidentInput.VariableValueMaxLength} characters.";
                return values;
            }

            if (value.Length > 0)
            {
                values[name] = value;
            }
        }

        if (values.Count > IncidentInput.MaxVariables)
        {
            errors[IncidentFields.Variables] = $"Give at most {IncidentInput.MaxVariables} variables.";
        }

        return values;
    }

    private static async Task<Person?> PersonAsync(AppDbContext db, string? userId, string field, string role, Dictionary<string, string> errors,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(userId))
        {
            return null;
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Id, u.DisplayName, u.Email, u.IsDisabled })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null || user.IsDisabled)
        {
            errors[field] = user is null ? $"The {role} must be a user of the console." : $"The {role} chosen ({user.DisplayName}) is disabled; choose someone else.";
            return null;
        }

        return new Person(user.Id, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? user.Id : user.DisplayName);
    }

    private static string DescribeOpening(Incident incident, CheckedIncident values)
    {
        var parts = new List<string> { $"Opened as a {incident.Severity.ToString().ToLowerInvariant()} incident" + (incident.IsDrill ? " (DRILL)" : "") };
        if (values.Zones.Count > 0)
        {
            parts.Add("zones " + string.Join(", ", values.Zones));
        }

        if (values.Manager is not null)
        {
            parts.Add("manager " + values.Manager.Name);
        }

        if (values.CommsLead is not null)
        {
            parts.Add("communications lead " + values.CommsLead.Name);
        }

        return string.Join("; ", parts);
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

/// <summary>Adds timeline entries to a context, in the caller's SaveChanges.</summary>
public static class IncidentTimeline
{
    public static IncidentTimelineEntry Add(AppDbContext db, int incidentId, IncidentTimelineKind kind, string text, AuditActor actor, DateTimeOffset at,
        int? broadcastId = null) =>
        Add(db, incidentId, kind, text, actor.Id, actor.Name, at, broadcastId);

    public static IncidentTimelineEntry Add(AppDbContext db, int incidentId, IncidentTimelineKind kind, string text, string actorId, string actorName,
        DateTimeOffset at, int? broadcastId = null)
    {
        var entry = new IncidentTimelineEntry
        {
            IncidentId = incidentId,
            Kind = kind,
            Text = text.Length > IncidentTimelineEntry.TextMaxLength ? text[..(IncidentTimelineEntry.TextMaxLength - 1)] + "…" : text,
            BroadcastId = broadcastId,
            ActorId = actorId,
            ActorName = actorName,
            At = at,
        };
        db.Set<IncidentTimelineEntry>().Add(entry);
        return entry;
    }
}
