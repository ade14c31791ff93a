using CrisisConsole.Tests.Broadcasts;
using CrisisConsole.Tests.Dispatch;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Incidents;
using CrisisConsole.Web.Features.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Tests.Incidents;

/// <summary>The communications lead is reminded when no update has gone out for the configured time, once per period.</summary>
public sealed class IncidentReminderTests(BroadcastFactory factory) : IClassFixture<BroadcastFactory>
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(60);

    private readonly IncidentWorld world = new(factory);

    /// <summary>The reminder pass of the real app on a clock the test moves (starting at the incident's opening).</summary>
    private IncidentReminders RemindersOn(TimeProvider clock) => new(
        factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(),
        factory.Services.GetRequiredService<AuditLog>(),
        factory.Services.GetRequiredService<AfterCommitEvents>(),
        new FixedOptions(new IncidentOptions { UpdateReminderMinutes = 60 }),
        clock,
        NullLogger<IncidentReminders>.Instance);

    private async Task<(Incident Incident, string LeadId)> LedIncidentAsync()
    {
        var lead = await world.AddUserAsync("Lea");
        return (await world.OpenAsync(new IncidentInput { Title = "Outage", Severity = IncidentSeverity.Major, CommsLeadUserId = lead.Id }), lead.Id);
    }

    private async Task<int> RemindersOfAsync(int incidentId) =>
        (await world.TimelineAsync(incidentId)).Count(e => e.Kind == IncidentTimelineKind.Reminder);

    [Fact]
    public async Task An_incident_without_an_update_reminds_its_lead_once_per_period()
    {
        var (incident, leadId) = await LedIncidentAsync();
        var clock = new ManualClock(incident.CreatedAt);
        var reminders = RemindersOn(clock);

        clock.Advance(Period - TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(incident.Id, await reminders.RemindDueAsync(CancellationToken.None));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Contains(incident.Id, await reminders.RemindDueAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.DoesNotContain(incident.Id, await reminders.RemindDueAsync(CancellationToken.None));
        Assert.Equal(1, await RemindersOfAsync(incident.Id));

        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Contains(incident.Id, await reminders.RemindDueAsync(CancellationToken.None));
        Assert.Equal(2, await RemindersOfAsync(incident.Id));
        var reminder = (await world.TimelineAsync(incident.Id)).Last();
        Assert.Equal("Reminder to Lea: no update has gone out for 2 hours since the incident opened. Send an update.", reminder.Text);
        Assert.Equal(AuditActions.IncidentReminded, (await world.AuditAsync(incident.Id)).Last().Action);
        Assert.Contains(await world.Queries.AwaitingUpdateFromAsync(leadId), i => i.Id == incident.Id);
    }

    [Fact]
    public async Task An_update_sent_clears_the_banner_and_restarts_the_period()
    {
        var (incident, leadId) = await LedIncidentAsync();
        var clock = new ManualClock(incident.CreatedAt);
        var reminders = RemindersOn(clock);
        clock.Advance(Period);
        await reminders.RemindDueAsync(CancellationToken.None);

        clock.Advance(TimeSpan.FromMinutes(10));
        await SetLastUpdateAsync(incident.Id, clock.GetUtcNow());

        Assert.DoesNotContain(await world.Queries.AwaitingUpdateFromAsync(leadId), i => i.Id == incident.Id);
        clock.Advance(Period - TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(incident.Id, await reminders.RemindDueAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Contains(incident.Id, await reminders.RemindDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_resolved_incident_is_not_reminded()
    {
        var (incident, _) = await LedIncidentAsync();
        await world.Incidents.ChangeStateAsync(incident.Id, IncidentState.Resolved, BroadcastWorld.Bob);
        var clock = new ManualClock(incident.CreatedAt);
        clock.Advance(Period * 3);

        Assert.DoesNotContain(incident.Id, await RemindersOn(clock).RemindDueAsync(CancellationToken.None));
        Assert.Equal(0, await RemindersOfAsync(incident.Id));
    }

    [Fact]
    public void The_reminder_period_must_be_sensible()
    {
        var validator = new IncidentOptionsValidator();
        Assert.True(validator.Validate(null, new IncidentOptions { UpdateReminderMinutes = 60 }).Succeeded);
        var failure = validator.Validate(null, new IncidentOptions { UpdateReminderMinutes = 0 });
        Assert.True(failure.Failed);
        Assert.Contains("Incidents:UpdateReminderMinutes", failure.FailureMessage);
    }

    private async Task SetLastUpdateAsync(int incidentId, DateTimeOffset at)
    {
        await using var db = world.Broadcasts.Db();
        var incident = await db.Set<Incident>().SingleAsync(i => i.Id == incidentId);
        incident.LastUpdateSentAt = at;
        await db.SaveChangesAsync();
    }

    private sealed class FixedOptions(IncidentOptions value) : IOptionsMonitor<IncidentOptions>
    {
        public IncidentOptions CurrentValue => value;

        public IncidentOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<IncidentOptions, string?> listener) => null;
    }
}
