using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Incidents;
using CrisisConsole.Web.Features.Incidents.Reports;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.IncidentReports;

public sealed class IncidentReviewServiceTests : IAsyncLifetime
{
    private ReportTestBed bed = null!;

    public async Task InitializeAsync() => bed = await ReportTestBed.CreateAsync();

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task Saving_the_review_stores_it_trimmed_audits_it_and_notes_it_on_the_timeline()
    {
        var incident = await bed.Data.AddIncidentAsync();

        var result = await bed.Reviews.SaveAsync(incident.Id, incident.Version,
            new IncidentReviewInput("  River levee breached  ", "Sandbags and pumps", "Check the SMS sender earlier\r\nالدروس"), ReportTestBed.Operator);

        Assert.True(result.Saved, result.Error);
        await using var db = bed.Db();
        var stored = await db.Set<Incident>().SingleAsync(i => i.Id == incident.Id);
        Assert.Equal(("River levee breached", "Sandbags and pumps", "Check the SMS sender earlier\nالدروس"), (stored.Cause, stored.Fix, stored.LessonsLearned));
        Assert.Equal(result.Version, stored.Version);
        Assert.NotEqual(incident.Version, stored.Version);
        var audit = await db.Set<AuditEntry>().SingleAsync(e => e.Action == AuditActions.IncidentReviewUpdated);
        Assert.Equal(incident.Id.ToString(), audit.TargetId);
        Assert.Equal("Review updated: cause, fix, lessons learned", audit.Details);
        Assert.DoesNotContain("levee", audit.Details);
        var entry = await db.Set<IncidentTimelineEntry>().SingleAsync(e => e.IncidentId == incident.Id);
        Assert.Equal((IncidentTimelineKind.ReviewUpdated, ReportTestBed.Operator.Name), (entry.Kind, entry.ActorName));
    }

    [Fact]
    public async Task A_review_saved_against_an_old_version_is_refused_and_changes_nothing()
    {
        var incident = await bed.Data.AddIncidentAsync();
        var first = await bed.Reviews.SaveAsync(incident.Id, incident.Version, new IncidentReviewInput("First cause", null, null), ReportTestBed.Operator);

        var second = await bed.Reviews.SaveAsync(incident.Id, incident.Version, new IncidentReviewInput("Second cause", null, null), ReportTestBed.Operator);

        Assert.True(first.Saved);
        Assert.False(second.Saved);
        Assert.True(second.Conflict);
        Assert.Contains("Someone else changed this incident", second.Error);
        await using var db = bed.Db();
        Assert.Equal("First cause", (await db.Set<Incident>().SingleAsync(i => i.Id == incident.Id)).Cause);
    }

    [Fact]
    public async Task A_review_over_the_maximum_length_is_refused_with_a_clear_message()
    {
        var incident = await bed.Data.AddIncidentAsync();

        var result = await bed.Reviews.SaveAsync(incident.Id, incident.Version,
            new IncidentReviewInput(null, null, new string('x', Incident.ReviewMaxLength + 1)), ReportTestBed.Operator);

        Assert.False(result.Saved);
        Assert.Contains("Lessons learned is 8,001 characters long; at most 8,000", result.Error);
        await using var db = bed.Db();
        Assert.Null((await db.Set<Incident>().SingleAsync(i => i.Id == incident.Id)).LessonsLearned);
    }

    [Fact]
    public async Task Saving_an_unchanged_review_records_nothing()
    {
        var incident = await bed.Data.AddIncidentAsync();

        var result = await bed.Reviews.SaveAsync(incident.Id, incident.Version, new IncidentReviewInput(" ", "", null), ReportTestBed.Operator);

        Assert.Equal(incident.Version, result.Version);
        await using var db = bed.Db();
        Assert.False(await db.Set<AuditEntry>().AnyAsync(e => e.Action == AuditActions.IncidentReviewUpdated));
    }

    [Fact]
    public async Task Reviewing_an_unknown_incident_says_so()
    {
        var result = await bed.Reviews.SaveAsync(5555, Guid.NewGuid(), new IncidentReviewInput("x", null, null), ReportTestBed.Operator);

        Assert.Equal("There is no incident #5555.", result.Error);
    }
}
