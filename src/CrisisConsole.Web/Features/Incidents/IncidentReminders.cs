using System.Globalization;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Incidents;

/// <summary>
/// "No update for a while": an incident that is open or monitoring (people still expect news in both)
/// and whose last update, or its opening, is older than <see cref="IncidentOptions.UpdateReminderMinutes"/>
/// gets a reminder for its communications lead: a timeline entry, an audit entry and a live
/// <see cref="IncidentChanged"/>, which lights the banner on the lead's pages. It is not repeated until
/// another period has passed without an update.
/// </summary>
public sealed partial class IncidentReminders(
    IDbContextFactory<AppDbContext> contexts,
    AuditLog audit,
    AfterCommitEvents events,
    IOptionsMonitor<IncidentOptions> options,
    TimeProvider clock,
    ILogger<IncidentReminders> logger)
{
    /// <summary>When the next reminder falls due: a period after the later of the last update (or the opening) and the last reminder.</summary>
    public static DateTimeOffset DueAt(Incident incident, TimeSpan period)
    {
        var lastUpdate = incident.LastUpdateSentAt ?? incident.CreatedAt;
        var since = incident.LastReminderAt is { } reminded && reminded > lastUpdate ? reminded : lastUpdate;
        return since + period;
    }

    /// <summary>Reminded, and no update has gone out since: the banner stays until one does.</summary>
    public static bool IsOutstanding(Incident incident) =>
        IncidentStateMachine.IsActive(incident.State) && incident.LastReminderAt is { } reminded && reminded >= (incident.LastUpdateSentAt ?? incident.CreatedAt);

    /// <summary>Reminds about every incident due now; returns their ids.</summary>
    public async Task<IReadOnlyList<int>> RemindDueAsync(CancellationToken cancellationToken)
    {
        var period = options.CurrentValue.UpdateReminderPeriod;
        var now = clock.GetUtcNow();
        List<Incident> active;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            active = await db.Set<Incident>().AsNoTracking()
                .Where(i => i.State == IncidentState.Open || i.State == IncidentState.Monitoring)
                .ToListAsync(cancellationToken);
        }

        var reminded = new List<int>();
        foreach (var candidate in active.Where(i => DueAt(i, period) <= now))
        {
            if (await RemindAsync(candidate.Id, period, now, cancellationToken))
            {
                reminded.Add(candidate.Id);
            }
        }

        return reminded;
    }

    private async Task<bool> RemindAsync(int id, TimeSpan period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Read again in the write transaction: an update sent or a state change since the scan wins.
        var incident = await db.Set<Incident>().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (incident is null || !IncidentStateMachine.IsActive(incident.State) || DueAt(incident, period) > now)
        {
            return false;
        }

        var silent = now - (incident.LastUpdateSentAt ?? incident.CreatedAt);
        var lead = incident.CommsLeadName is { } name ? $"Reminder to {name}" : "Reminder (no communications lead is assigned)";
        var text = $"{lead}: no update has gone out for {Duration(silent)}" +
                   (incident.LastUpdateSentAt is null ? " since the incident opened." : ".") + " Send an update.";
        // Through SQL rather than the tracked row: the reminder must not bump the incident's Version and
        // make a person's state change, read just before, fail as "changed meanwhile".
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE Incidents SET LastReminderAt = {now.ToUnixTimeMilliseconds()} WHERE Id = {id}", cancellationToken);
        IncidentTimeline.Add(db, id, IncidentTimelineKind.Reminder, text, AuditActor.System, now);
        audit.Add(db, AuditActor.System, AuditActions.IncidentReminded, nameof(Incident), id.ToString(CultureInfo.InvariantCulture), text);
        await db.SaveChangesAsync(cancellationToken);
        events.Publish(db, new IncidentChanged(id));
        await transaction.CommitAsync(cancellationToken);
        LogReminded(logger, id, (int)silent.TotalMinutes);
        return true;
    }

    public static string Duration(TimeSpan span) => span.TotalMinutes < 90
        ? $"{Math.Max(1, (int)Math.Round(span.TotalMinutes))} minutes"
        : span.TotalHours < 48 ? $"{span.TotalHours:0.#} hours" : $"{span.TotalDays:0.#} days";

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident {IncidentId}: no update for {Minutes} minutes; communications lead reminded")]
    private static partial void LogReminded(ILogger logger, int incidentId, int minutes);
}

/// <summary>Runs <see cref="IncidentReminders.RemindDueAsync"/> every minute.</summary>
internal sealed partial class IncidentReminderService(IncidentReminders reminders, TimeProvider clock, ILogger<IncidentReminderService> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await reminders.RemindDueAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A failed pass (database busy, locked) is retried at the next tick.
                    LogPassFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The incident reminder pass failed; it runs again in a minute")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
