using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Segments;
using CrisisConsole.Web.Features.Templates;

namespace CrisisConsole.Tests.Broadcasts;

/// <summary>POST /api/v1/alerts through the real app.</summary>
public sealed class AlertsApiTests(BroadcastFactory factory) : IClassFixture<BroadcastFactory>
{
    private readonly BroadcastWorld world = new(factory);

    private async Task<(MessageTemplate Template, Segment Segment, Segment Other)> ArrangeAsync()
    {
        var group = BroadcastWorld.NewGroup();
        var other = BroadcastWorld.NewGroup();
        await world.AddContactsAsync(3, group);
        await world.AddContactsAsync(2, group, extraGroup: other);
        await world.AddContactAsync(group, ConsentStatus.OptedOut);
        return (await world.AddTemplateAsync(), await world.AddSegmentAsync(group), await world.AddSegmentAsync(other));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static object Body(string template, IEnumerable<string> segments, object? variables = null, string channels = "whatsapp-then-sms",
        bool drill = false) =>
        new { template, segments, variables = variables ?? new { org = "Acme", @event = "Flooding" }, channels, drill, incidentId = (int?)null };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task An_alert_is_created_pending_approval_with_its_deduplicated_recipient_count()
    {
        var (template, segment, other) = await ArrangeAsync();
        var client = await factory.CreateApiClientAsync(ApiScopes.Trigger);

        var response = await client.PostAsJsonAsync("/api/v1/alerts", Body(template.Name, [segment.Name, other.Name.ToUpperInvariant()], drill: true));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        var id = body.GetProperty("id").GetInt32();
        Assert.Equal("pending_approval", body.GetProperty("state").GetString());
        Assert.Equal(5, body.GetProperty("recipients").GetInt32());
        Assert.Equal($"/api/v1/broadcasts/{id}", response.Headers.Location?.ToString());
        var stored = (await world.Drafts.GetAsync(id))!;
        Assert.Equal(BroadcastState.PendingApproval, stored.State);
        Assert.StartsWith("apikey:", stored.CreatedById);
        Assert.StartsWith("API key ", stored.CreatedByName);
        Assert.True(stored.IsDrill);
        Assert.Equal(ChannelPolicy.WhatsAppThenSms, stored.ChannelPolicy);
        Assert.Equal(
            [AuditActions.BroadcastCreated, AuditActions.BroadcastSubmitted],
            (await world.AuditOfAsync(id)).Select(a => a.Action));
    }

    [Theory]
    [InlineData("whatsapp", ChannelPolicy.WhatsAppOnly)]
    [InlineData("sms", ChannelPolicy.SmsOnly)]
    public async Task The_channels_word_sets_the_policy(string channels, ChannelPolicy policy)
    {
        var (template, segment, _) = await ArrangeAsync();
        var client = await factory.CreateApiClientAsync(ApiScopes.Trigger);

        var response = await client.PostAsJsonAsync("/api/v1/alerts", Body(template.Name, [segment.Name], channels: channels));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await world.Drafts.GetAsync((await JsonAsync(response)).GetProperty("id").GetInt32());
        Assert.Equal(policy, stored!.ChannelPolicy);
    }

    [Fact]
    public async Task An_unknown_template_and_segment_are_named_in_the_400()
    {
        var (_, segment, _) = await ArrangeAsync();
        var client = await factory.CreateApiClientAsync(ApiScopes.Trigger);

        var response = await client.PostAsJsonAsync("/api/v1/alerts", Body("no-such-template", [segment.Name, "no-such-segment"]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Contains("no-such-template", errors.GetProperty("template")[0].GetString());
        Assert.Equal("Unknown segment: 'no-such-segment'.", errors.GetProperty("segments")[0].GetString());
    }

    [Fact]
    public async Task A_missing_variable_is_named_in_the_400()
    {
        var (template, segment, _) = await ArrangeAsync();
        var client = await factory.CreateApiClientAsync(ApiScopes.Trigger);

        var response = await client.PostAsJsonAsync("/api/v1/alerts", Body(template.Name, [segment.Name], variables: new { org = "Acme" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await JsonAsync(response);
        Assert.Equal("Fill in event.", problem.GetProperty("errors").GetProperty("variables.event")[0].GetString());
        Assert.Contains("Fill in event.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("""{ "template": "x", "segments": ["y"], "channels": "carrier-pigeon" }""", "channels")]
    [InlineData("""{ "template": "x", "segments": "y" }""", "segments")]
    [InlineData("""{ "segments": ["y"] }""", "template")]
    [InlineData("""{ "template": "x", "segments": [], "drill": "yes" }""", "drill")]
    [InlineData("""{ "template": "x", "segments": ["y"], "incidentId": -3 }""", "incidentId")]
    [InlineData("""{ "template": "x", "segments": ["y"], "variables": ["a"] }""", "variables")]
    [InlineData("""[1, 2]""", "body")]
    public async Task A_field_of_the_wrong_shape_is_named_in_the_400(string json, string field)
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Trigger);

        var response = await client.PostAsync("/api/v1/alerts", Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _), $"No error for {field}");
    }

    [Theory]
    [InlineData("{ \"template\": ")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task Malformed_or_empty_json_is_400_as_problem_details(string json)
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Trigger);

        var response = await client.PostAsync("/api/v1/alerts", Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Trigger);
        var huge = "{ \"template\": \"x\", \"segments\": [\"y\"], \"variables\": { \"org\": \"" + new string('a', 70_000) + "\" } }";

        var response = await client.PostAsync("/api/v1/alerts", Json(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Trigger);

        var response = await client.PostAsync("/api/v1/alerts", new StringContent("template=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_key_it_is_401()
    {
        var response = await factory.CreateClient().PostAsync("/api/v1/alerts", Json("{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(ApiScopes.Read)]
    [InlineData(ApiScopes.Approve)]
    public async Task A_key_without_the_trigger_scope_is_403(string scope)
    {
        var client = await factory.CreateApiClientAsync(scope);

        var response = await client.PostAsync("/api/v1/alerts", Json("{}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
