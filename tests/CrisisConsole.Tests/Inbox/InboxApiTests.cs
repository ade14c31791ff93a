using System.Net;
using System.Text.Json;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Inbox;

namespace CrisisConsole.Tests.Inbox;

/// <summary>GET /api/v1/inbox: order, filters, paging, bad input and scope.</summary>
public sealed class InboxApiTests : IClassFixture<CrisisConsoleFactory>, IAsyncLifetime
{
    private readonly CrisisConsoleFactory factory;
    private readonly int incidentZoneTag = Random.Shared.Next(1000, 9999);
    private HttpClient reader = null!;

    public InboxApiTests(CrisisConsoleFactory factory) => this.factory = factory;

    private string Zone => "Zone" + incidentZoneTag;

    public async Task InitializeAsync()
    {
        reader = await factory.CreateApiClientAsync(ApiScopes.Read);
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        await using var db = factory.CreateDbContext();
        // Received in this order; the queue puts needs help first, then questions, then other, then the resolved.
        db.AddRange(
            Message("other-1", InboundClassification.Other, start, language: "en"),
            Message("help-2", InboundClassification.NeedsHelp, start.AddMinutes(2), language: "fr", latitude: 48.85, longitude: 2.35),
            Message("safe-3", InboundClassification.Safe, start.AddMinutes(3), language: "en"),
            Message("question-4", InboundClassification.Question, start.AddMinutes(4), language: "ar"),
            Message("help-5", InboundClassification.NeedsHelp, start.AddMinutes(5), language: "en", media: true));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Items_come_in_priority_order_then_by_time_with_their_fields()
    {
        var items = await ItemsAsync($"/api/v1/inbox?zone={Zone}");

        Assert.Equal(["help-2", "help-5", "question-4", "other-1", "safe-3"], items.Select(Text));
        var first = items[0];
        Assert.Equal("needs_help", first.GetProperty("classification").GetString());
        Assert.Equal(0, first.GetProperty("priority").GetInt32());
        Assert.Equal("new", first.GetProperty("state").GetString());
        Assert.StartsWith("+1555", first.GetProperty("phone").GetString());
        Assert.Equal(48.85, first.GetProperty("location").GetProperty("latitude").GetDouble());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("media").ValueKind);
        Assert.Equal("image/jpeg", items[1].GetProperty("media").GetProperty("contentType").GetString());
        Assert.Equal("resolved", items[4].GetProperty("state").GetString());
        Assert.True(first.TryGetProperty("receivedAt", out _) && first.TryGetProperty("broadcastId", out _) && first.TryGetProperty("incidentId", out _));
    }

    [Fact]
    public async Task Filters_narrow_the_queue()
    {
        Assert.Equal(["help-2", "help-5", "question-4", "other-1"], (await ItemsAsync($"/api/v1/inbox?state=new&zone={Zone}")).Select(Text));
        Assert.Equal(["help-2", "help-5"], (await ItemsAsync($"/api/v1/inbox?classification=needs_help&zone={Zone}")).Select(Text));
        Assert.Equal(["question-4", "safe-3"], (await ItemsAsync($"/api/v1/inbox?classification=question,safe&zone={Zone}")).Select(Text));
        Assert.Equal(["help-2"], (await ItemsAsync($"/api/v1/inbox?language=fr&zone={Zone}")).Select(Text));
        Assert.Equal(["help-5"], (await ItemsAsync($"/api/v1/inbox?incidentId={incidentZoneTag}&zone={Zone}")).Select(Text));
    }

    [Fact]
    public async Task Pages_follow_the_cursor_or_the_offset()
    {
        var first = await PageAsync($"/api/v1/inbox?zone={Zone}&limit=2");
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await PageAsync($"/api/v1/inbox?zone={Zone}&limit=2&cursor={cursor}");
        var third = await PageAsync($"/api/v1/inbox?zone={Zone}&limit=2&cursor={second.GetProperty("nextCursor").GetString()}");

        Assert.Equal(["help-2", "help-5"], first.GetProperty("items").EnumerateArray().Select(Text));
        Assert.Equal(["question-4", "other-1"], second.GetProperty("items").EnumerateArray().Select(Text));
        Assert.Equal(["safe-3"], third.GetProperty("items").EnumerateArray().Select(Text));
        Assert.Equal(JsonValueKind.Null, third.GetProperty("nextCursor").ValueKind);
        Assert.Equal(["question-4"], (await ItemsAsync($"/api/v1/inbox?zone={Zone}&limit=1&offset=2")).Select(Text));
    }

    [Theory]
    [InlineData("state=open", "state")]
    [InlineData("classification=urgent", "classification")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("incidentId=abc", "incidentId")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("sort=priority", "sort")]
    public async Task Bad_parameters_get_a_400_problem_naming_them(string query, string parameter)
    {
        var response = await reader.GetAsync("/api/v1/inbox?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task A_key_without_the_read_scope_is_refused_and_no_key_is_unauthorised()
    {
        var trigger = await factory.CreateApiClientAsync(ApiScopes.Trigger);

        Assert.Equal(HttpStatusCode.Forbidden, (await trigger.GetAsync("/api/v1/inbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/v1/inbox")).StatusCode);
    }

    private static string Text(JsonElement item) => item.GetProperty("text").GetString()!;

    private async Task<JsonElement> PageAsync(string url)
    {
        var response = await reader.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<List<JsonElement>> ItemsAsync(string url) => (await PageAsync(url)).GetProperty("items").EnumerateArray().ToList();

    private InboundMessage Message(string text, InboundClassification classification, DateTimeOffset receivedAt, string language,
        double? latitude = null, double? longitude = null, bool media = false) => new()
    {
        Provider = GatewayProvider.TwilioWhatsApp,
        Channel = MessageChannel.WhatsApp,
        ProviderMessageId = "SM" + Guid.NewGuid().ToString("N"),
        FromAddress = "+1555" + Random.Shared.Next(1_000_000, 9_999_999),
        Kind = media ? InboundKind.Media : InboundKind.Text,
        Text = text,
        ReceivedAt = receivedAt,
        Classification = classification,
        Priority = InboxPriority.Of(classification),
        TriageState = InboxPriority.ResolvesOnArrival(classification) ? TriageState.Resolved : TriageState.New,
        Zone = Zone,
        Language = language,
        IncidentId = text == "help-5" ? incidentZoneTag : null,
        Latitude = latitude,
        Longitude = longitude,
        MediaCount = media ? 1 : 0,
        MediaContentType = media ? "image/jpeg" : null,
        MediaId = media ? "media-1" : null,
    };
}
