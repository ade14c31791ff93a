using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CrisisConsole.Tests.Broadcasts;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Incidents;

namespace CrisisConsole.Tests.Incidents;

/// <summary>POST /api/v1/incidents (trigger scope) and GET /api/v1/incidents/{id} (read scope) through the real app.</summary>
public sealed class IncidentsApiTests(BroadcastFactory factory) : IClassFixture<BroadcastFactory>
{
    private readonly IncidentWorld world = new(factory);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task A_monitoring_system_opens_an_incident_and_gets_201_with_its_state()
    {
        var zone = IncidentWorld.NewZone();
        await world.AddContactInZoneAsync(zone);
        var lead = await world.AddUserAsync("Layla");
        var segment = await world.Broadcasts.AddSegmentAsync(BroadcastWorld.NewGroup());
        var client = await factory.CreateApiClientAsync(ApiScopes.Trigger);

        var response = await client.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "River level critical", severity = "critical", zones = new[] { zone }, segments = new[] { segment.Name.ToUpperInvariant() },
            variables = new { org = "Acme", @event = "the flood" }, drill = true, commsLeadEmail = lead.Email.ToUpperInvariant(),
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        var id = body.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/incidents/{id}", response.Headers.Location?.ToString());
        Assert.Equal("open", body.GetProperty("state").GetString());
        Assert.Equal("critical", body.GetProperty("severity").GetString());
        Assert.True(body.GetProperty("drill").GetBoolean());
        Assert.Equal(zone, body.GetProperty("zones")[0].GetString());
        Assert.Equal("Layla", body.GetProperty("comms_lead").GetString());
        var stored = await world.ReloadAsync(id);
        Assert.StartsWith("apikey:", stored.CreatedById);
        Assert.Equal(IncidentTimelineKind.Opened, Assert.Single(await world.TimelineAsync(id)).Kind);
    }

    [Theory]
    [InlineData("""{ "severity": "major" }""", "title")]
    [InlineData("""{ "title": "x", "severity": "apocalyptic" }""", "severity")]
    [InlineData("""{ "title": "x", "severity": "minor", "zones": "North" }""", "zones")]
    [InlineData("""{ "title": "x", "severity": "minor", "zones": ["Nowhere-at-all"] }""", "zones")]
    [InlineData("""{ "title": "x", "severity": "minor", "segments": ["no-such-segment"] }""", "segments")]
    [InlineData("""{ "title": "x", "severity": "minor", "drill": "yes" }""", "drill")]
    [InlineData("""{ "title": "x", "severity": "minor", "managerEmail": "nobody@nowhere.test" }""", "managerEmail")]
    [InlineData("""[1, 2]""", "body")]
    public async Task Bad_input_is_400_problem_details_naming_the_field(string json, string field)
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Trigger);

        var response = await client.PostAsync("/api/v1/incidents", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}");
    }

    [Fact]
    public async Task Opening_without_a_key_is_401_and_with_a_read_key_403()
    {
        var body = new { title = "x", severity = "minor" };

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsJsonAsync("/api/v1/incidents", body)).StatusCode);
        var reader = await factory.CreateApiClientAsync(ApiScopes.Read);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/v1/incidents", body)).StatusCode);
    }

    [Fact]
    public async Task Reading_an_incident_gives_its_state_broadcasts_and_totals()
    {
        var incident = await world.OpenAsync();
        var group = BroadcastWorld.NewGroup();
        await world.Broadcasts.AddContactsAsync(2, group);
        var broadcast = await world.Broadcasts.SubmitAsync(IncidentWorld.Under(
            BroadcastWorld.Input(await world.Broadcasts.AddTemplateAsync(), [await world.Broadcasts.AddSegmentAsync(group)]), incident.Id));
        await world.Broadcasts.Approvals.ApproveAsync(broadcast.Id, BroadcastWorld.Bob, null);
        await world.Incidents.ChangeStateAsync(incident.Id, IncidentState.Monitoring, BroadcastWorld.Bob);
        var client = await factory.CreateApiClientAsync(ApiScopes.Read);

        var response = await client.GetAsync($"/api/v1/incidents/{incident.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("monitoring", body.GetProperty("state").GetString());
        Assert.Equal("major", body.GetProperty("severity").GetString());
        Assert.False(body.GetProperty("drill").GetBoolean());
        Assert.Equal(JsonValueKind.String, body.GetProperty("monitoring_at").ValueKind);
        var listed = Assert.Single(body.GetProperty("broadcasts").EnumerateArray());
        Assert.Equal(broadcast.Id, listed.GetProperty("id").GetInt32());
        Assert.Equal("approved", listed.GetProperty("state").GetString());
        Assert.Equal(2, body.GetProperty("totals").GetProperty("unaccounted").GetInt32());
        Assert.Equal(0, body.GetProperty("totals").GetProperty("needs_help").GetInt32());
    }

    [Fact]
    public async Task Reading_an_unknown_incident_is_404_and_without_the_read_scope_403()
    {
        var reader = await factory.CreateApiClientAsync(ApiScopes.Read);
        var response = await reader.GetAsync("/api/v1/incidents/987654");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        var trigger = await factory.CreateApiClientAsync(ApiScopes.Trigger);
        Assert.Equal(HttpStatusCode.Forbidden, (await trigger.GetAsync("/api/v1/incidents/987654")).StatusCode);
    }
}
