using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Deliveries;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Broadcasts;

/// <summary>POST /api/v1/broadcasts/{id}/approve and /reject through the real app.</summary>
public sealed class BroadcastDecisionApiTests(BroadcastFactory factory) : IClassFixture<BroadcastFactory>
{
    private readonly BroadcastWorld world = new(factory);

    /// <summary>An alert created through the API by <paramref name="author"/>; returns its id.</summary>
    private async Task<int> AlertAsync(HttpClient author, int people = 3)
    {
        var group = BroadcastWorld.NewGroup();
        await world.AddContactsAsync(people, group);
        var template = await world.AddTemplateAsync();
        var segment = await world.AddSegmentAsync(group);
        var response = await author.PostAsJsonAsync("/api/v1/alerts",
            new { template = template.Name, segments = new[] { segment.Name }, variables = new { org = "Acme", @event = "Flooding" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
    }

    private static StringContent Comment(string comment) => new(JsonSerializer.Serialize(new { comment }), Encoding.UTF8, "application/json");

    [Fact]
    public async Task Another_key_approves_and_the_deliveries_are_frozen()
    {
        var author = await factory.CreateApiClientAsync(ApiScopes.Trigger);
        var approver = await factory.CreateApiClientAsync(ApiScopes.Approve);
        var id = await AlertAsync(author, people: 4);

        var response = await approver.PostAsync($"/api/v1/broadcasts/{id}/approve", Comment("Confirmed by the duty officer"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("approved", body.GetProperty("state").GetString());
        Assert.Equal(4, body.GetProperty("recipients").GetInt32());
        await using var db = world.Db();
        Assert.Equal(4, await db.Set<Delivery>().CountAsync(d => d.BroadcastId == id));
        var stored = (await world.Drafts.GetAsync(id))!;
        Assert.StartsWith("apikey:", stored.DecidedById);
        Assert.Equal("Confirmed by the duty officer", stored.DecisionComment);
    }

    [Fact]
    public async Task Approve_without_a_body_works()
    {
        var author = await factory.CreateApiClientAsync(ApiScopes.Trigger);
        var approver = await factory.CreateApiClientAsync(ApiScopes.Approve);
        var id = await AlertAsync(author);

        var response = await approver.PostAsync($"/api/v1/broadcasts/{id}/approve", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_key_that_created_an_alert_cannot_approve_it_and_the_attempt_is_audited()
    {
        var both = await factory.CreateApiClientAsync(ApiScopes.Trigger, ApiScopes.Approve);
        var id = await AlertAsync(both);

        var approve = await both.PostAsync($"/api/v1/broadcasts/{id}/approve", null);
        var reject = await both.PostAsync($"/api/v1/broadcasts/{id}/reject", Comment("no"));

        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reject.StatusCode);
        Assert.Equal("application/problem+json", approve.Content.Headers.ContentType?.MediaType);
        Assert.Equal(BroadcastState.PendingApproval, (await world.Drafts.GetAsync(id))!.State);
        var refusals = (await world.AuditOfAsync(id)).Where(a => a.Action == AuditActions.BroadcastApprovalRefused).ToList();
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, r => Assert.StartsWith("apikey:", r.ActorId));
    }

    [Fact]
    public async Task Deciding_twice_is_409()
    {
        var author = await factory.CreateApiClientAsync(ApiScopes.Trigger);
        var approver = await factory.CreateApiClientAsync(ApiScopes.Approve);
        var id = await AlertAsync(author);
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsync($"/api/v1/broadcasts/{id}/reject", Comment("Wrong zone"))).StatusCode);

        var approve = await approver.PostAsync($"/api/v1/broadcasts/{id}/approve", null);
        var reject = await approver.PostAsync($"/api/v1/broadcasts/{id}/reject", null);

        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, reject.StatusCode);
        var problem = JsonDocument.Parse(await approve.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("The broadcast is not pending approval.", problem.GetProperty("title").GetString());
        Assert.Contains("rejected", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unknown_broadcast_is_404()
    {
        var approver = await factory.CreateApiClientAsync(ApiScopes.Approve);

        var approve = await approver.PostAsync("/api/v1/broadcasts/987654/approve", null);
        var reject = await approver.PostAsync("/api/v1/broadcasts/987654/reject", null);

        Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reject.StatusCode);
        Assert.Equal("application/problem+json", approve.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_key_without_the_approve_scope_is_403_and_no_key_is_401()
    {
        var trigger = await factory.CreateApiClientAsync(ApiScopes.Trigger, ApiScopes.Read);
        var id = await AlertAsync(await factory.CreateApiClientAsync(ApiScopes.Trigger));

        Assert.Equal(HttpStatusCode.Forbidden, (await trigger.PostAsync($"/api/v1/broadcasts/{id}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsync($"/api/v1/broadcasts/{id}/approve", null)).StatusCode);
        Assert.Equal(BroadcastState.PendingApproval, (await world.Drafts.GetAsync(id))!.State);
    }

    [Theory]
    [InlineData("{ \"comment\": ")]
    [InlineData("{ \"comment\": 5 }")]
    public async Task A_malformed_body_is_400(string json)
    {
        var approver = await factory.CreateApiClientAsync(ApiScopes.Approve);
        var id = await AlertAsync(await factory.CreateApiClientAsync(ApiScopes.Trigger));

        var response = await approver.PostAsync($"/api/v1/broadcasts/{id}/approve", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(BroadcastState.PendingApproval, (await world.Drafts.GetAsync(id))!.State);
    }

    [Fact]
    public async Task A_comment_over_2000_characters_is_400()
    {
        var approver = await factory.CreateApiClientAsync(ApiScopes.Approve);
        var id = await AlertAsync(await factory.CreateApiClientAsync(ApiScopes.Trigger));

        var response = await approver.PostAsync($"/api/v1/broadcasts/{id}/reject", Comment(new string('x', 2001)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
