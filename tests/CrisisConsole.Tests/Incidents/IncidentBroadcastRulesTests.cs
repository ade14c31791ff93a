using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrisisConsole.Tests.Broadcasts;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Incidents;

namespace CrisisConsole.Tests.Incidents;

/// <summary>The composer's service and the alerts API refuse an unknown or closed incident with a message, and make a drill incident's broadcasts drills.</summary>
public sealed class IncidentBroadcastRulesTests(BroadcastFactory factory) : IClassFixture<BroadcastFactory>
{
    private readonly IncidentWorld world = new(factory);

    private async Task<BroadcastInput> InputAsync()
    {
        var group = BroadcastWorld.NewGroup();
        await world.Broadcasts.AddContactsAsync(2, group);
        return BroadcastWorld.Input(await world.Broadcasts.AddTemplateAsync(), [await world.Broadcasts.AddSegmentAsync(group)]);
    }

    [Fact]
    public async Task A_draft_under_an_unknown_incident_is_refused_with_a_message_not_a_crash()
    {
        var result = await world.Broadcasts.Drafts.SaveDraftAsync(null, IncidentWorld.Under(await InputAsync(), 987_654), BroadcastWorld.Alice);

        Assert.False(result.Succeeded);
        Assert.Contains("no incident #987654", result.Errors[BroadcastFields.IncidentId]);
    }

    [Fact]
    public async Task Submitting_under_a_closed_incident_is_refused()
    {
        var incident = await world.OpenAsync();
        await world.Incidents.ChangeStateAsync(incident.Id, IncidentState.Resolved, BroadcastWorld.Bob);
        await world.Incidents.ChangeStateAsync(incident.Id, IncidentState.Closed, BroadcastWorld.Bob);

        var result = await world.Broadcasts.Drafts.SubmitAsync(null, IncidentWorld.Under(await InputAsync(), incident.Id), BroadcastWorld.Alice);

        Assert.Contains("is closed", result.Errors[BroadcastFields.IncidentId]);
    }

    [Fact]
    public async Task A_broadcast_under_a_drill_incident_is_a_drill_even_when_not_asked()
    {
        var drill = await world.OpenAsync(new IncidentInput { Title = "Drill", Severity = IncidentSeverity.Minor, IsDrill = true });
        var input = IncidentWorld.Under(await InputAsync(), drill.Id);
        input.IsDrill = false;

        var broadcast = await world.Broadcasts.SubmitAsync(input);

        Assert.True(broadcast.IsDrill);
    }

    [Fact]
    public async Task The_alerts_API_answers_400_for_an_unknown_incident()
    {
        var input = await InputAsync();
        var template = (await world.Broadcasts.Drafts.GetDetailsAsync((await world.Broadcasts.Drafts.SaveDraftAsync(null, input, BroadcastWorld.Alice)).Broadcast!.Id))!;
        var client = await factory.CreateApiClientAsync(ApiScopes.Trigger);

        var response = await client.PostAsJsonAsync("/api/v1/alerts", new
        {
            template = template.Broadcast.TemplateName, segments = template.SegmentNames, variables = new { org = "Acme", @event = "Flooding" }, incidentId = 987_654,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("no incident #987654", problem.GetProperty("errors").GetProperty("incidentId")[0].GetString());
    }
}
