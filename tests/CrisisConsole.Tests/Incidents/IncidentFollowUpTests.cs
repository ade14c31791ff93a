using CrisisConsole.Tests.Broadcasts;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Incidents;

namespace CrisisConsole.Tests.Incidents;

/// <summary>"Send update" and "Send resolution notice" draft a broadcast pre-filled from the incident; drills stay drills.</summary>
public sealed class IncidentFollowUpTests(BroadcastFactory factory) : IClassFixture<BroadcastFactory>
{
    private readonly IncidentWorld world = new(factory);

    private async Task<Incident> DrillWithSegmentAsync()
    {
        await world.EnsureFollowUpTemplatesAsync();
        var segment = await world.Broadcasts.AddSegmentAsync(BroadcastWorld.NewGroup());
        return await world.OpenAsync(new IncidentInput
        {
            Title = "Evacuation drill", Severity = IncidentSeverity.Minor, SegmentIds = [segment.Id], IsDrill = true,
            Variables = new() { ["org"] = "Acme", ["event"] = "the evacuation drill", ["unused"] = "x" },
        });
    }

    [Theory]
    [InlineData(FollowUpKind.Update, IncidentFollowUps.UpdateTemplate)]
    [InlineData(FollowUpKind.Resolution, IncidentFollowUps.ResolutionTemplate)]
    public async Task A_follow_up_is_a_draft_from_its_template_with_the_incidents_segments_variables_and_drill_flag(FollowUpKind kind, string template)
    {
        var incident = await DrillWithSegmentAsync();

        var result = await world.FollowUps.DraftAsync(incident.Id, kind, BroadcastWorld.Alice);

        Assert.Null(result.Error);
        var draft = (await world.Broadcasts.Drafts.GetAsync(result.BroadcastId!.Value))!;
        Assert.Equal(BroadcastState.Draft, draft.State);
        Assert.Equal(template, draft.TemplateName);
        Assert.Equal(incident.Id, draft.IncidentId);
        Assert.True(draft.IsDrill);
        Assert.Equal(BroadcastJson.ReadIds(incident.SegmentIdsJson), BroadcastJson.ReadIds(draft.SegmentIdsJson));
        Assert.Equal(new Dictionary<string, string> { ["event"] = "the evacuation drill", ["org"] = "Acme" }, BroadcastJson.ReadVariables(draft.VariablesJson));
        Assert.Equal(IncidentTimelineKind.BroadcastCreated, (await world.TimelineAsync(incident.Id)).Last().Kind);
    }

    [Fact]
    public async Task No_follow_up_is_drafted_for_a_closed_incident()
    {
        var incident = await DrillWithSegmentAsync();
        await world.Incidents.ChangeStateAsync(incident.Id, IncidentState.Resolved, BroadcastWorld.Bob);
        await world.Incidents.ChangeStateAsync(incident.Id, IncidentState.Closed, BroadcastWorld.Bob);

        var result = await world.FollowUps.DraftAsync(incident.Id, FollowUpKind.Resolution, BroadcastWorld.Alice);

        Assert.Null(result.BroadcastId);
        Assert.Contains("is closed", result.Error);
    }
}
