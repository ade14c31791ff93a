using System.Globalization;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Live;
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
        var (values, errors) = await IncidentInputChecks.CheckAsync(db, input, cancellationToken);
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

    private static string DescribeOpening(Incident incident, IncidentInputChecks.CheckedIncident values)
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
