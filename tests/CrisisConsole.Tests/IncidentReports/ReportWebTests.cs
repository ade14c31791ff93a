using System.Net;
using System.Text;
using System.Text.Json;
using CrisisConsole.Tests.Accounts;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.IncidentReports;

/// <summary>The report page (server pre-render), its downloads and GET /api/v1/incidents/{id}/report through the real app.</summary>
public sealed class ReportWebTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private ReportTestData Data => new(factory.CreateDbContext);

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Admin)]
    public async Task The_report_page_shows_the_figures_unaccounted_and_timeline(string role)
    {
        var known = await Data.AddKnownIncidentAsync();
        var client = await factory.SignedInClientAsync(role);

        var response = await client.GetAsync($"/incidents/{known.Incident.Id}/report");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Post-incident report", html);
        Assert.DoesNotContain("data-testid=\"drill-banner\"", html);
        AssertTestId(html, "report-sent", "8");
        AssertTestId(html, "report-delivered", "5");
        AssertTestId(html, "report-delivery-rate", "62.5%");
        AssertTestId(html, "report-safe", "3");
        AssertTestId(html, "report-needs-help", "1");
        AssertTestId(html, "report-unaccounted", "2");
        AssertTestId(html, "report-answer-rate", "66.7%");
        // Blazor writes non-Latin text as character references.
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("سارة الخطيب", text);
        Assert.Contains(known.Sara.Phone, text);
        Assert.Contains("Opened: flood in the river valley", html);
        Assert.Contains("data-testid=\"report-fallbacks\" data-used=\"2\" data-delivered=\"1\"", html);
        Assert.Contains("@media print", html);
    }

    [Fact]
    public async Task A_drill_report_carries_the_drill_banner_and_leads_with_speed()
    {
        var drill = await Data.AddIncidentAsync("Evacuation drill", drill: true);
        var client = await factory.SignedInClientAsync(Roles.Operator);

        var html = await client.GetStringAsync($"/incidents/{drill.Id}/report");

        Assert.Contains("data-testid=\"drill-banner\"", html);
        Assert.Contains("Drill report", html);
        Assert.True(html.IndexOf("data-testid=\"reach-speed\"", StringComparison.Ordinal) < html.IndexOf("data-testid=\"report-sent\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_incident_says_so()
    {
        var client = await factory.SignedInClientAsync(Roles.Operator);

        var html = await client.GetStringAsync("/incidents/987654/report");

        Assert.Contains("There is no incident #987654", html);
    }

    [Fact]
    public async Task A_responder_may_not_read_the_report()
    {
        var known = await Data.AddIncidentAsync();
        var client = await factory.SignedInClientAsync(Roles.Responder);

        var response = await client.GetAsync($"/incidents/{known.Id}/report");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_api_returns_the_report_as_json()
    {
        var known = await Data.AddKnownIncidentAsync();
        var client = await factory.CreateApiClientAsync(ApiScopes.Read);

        var response = await client.GetAsync($"/api/v1/incidents/{known.Incident.Id}/report");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.False(root.GetProperty("drill").GetBoolean());
        Assert.Equal(3, root.GetProperty("timeline").GetArrayLength());
        Assert.Equal("opened", root.GetProperty("timeline")[0].GetProperty("kind").GetString());
        var deliveries = root.GetProperty("deliveries");
        Assert.Equal(8, deliveries.GetProperty("all").GetProperty("sent").GetInt32());
        Assert.Equal(0.625, deliveries.GetProperty("all").GetProperty("delivery_rate").GetDouble(), 6);
        Assert.Equal(6, deliveries.GetProperty("all").GetProperty("time_to_deliver").GetProperty("median_seconds").GetDouble());
        Assert.Equal(9.6, deliveries.GetProperty("all").GetProperty("time_to_deliver").GetProperty("p95_seconds").GetDouble());
        Assert.Equal(5, deliveries.GetProperty("whatsapp").GetProperty("sent").GetInt32());
        Assert.Equal(2, deliveries.GetProperty("sms").GetProperty("delivered").GetInt32());
        var checkins = root.GetProperty("checkins");
        Assert.Equal((3, 1, 2), (checkins.GetProperty("safe").GetInt32(), checkins.GetProperty("needs_help").GetInt32(), checkins.GetProperty("no_answer").GetInt32()));
        Assert.Equal(90, checkins.GetProperty("time_to_safe").GetProperty("median_seconds").GetDouble());
        var unaccounted = root.GetProperty("unaccounted");
        Assert.Equal(2, unaccounted.GetProperty("count").GetInt32());
        Assert.False(unaccounted.GetProperty("truncated").GetBoolean());
        Assert.Equal("سارة الخطيب", unaccounted.GetProperty("contacts")[1].GetProperty("name").GetString());
        Assert.Equal("131026", root.GetProperty("failures")[0].GetProperty("error_code").GetString());
        Assert.Equal(2, root.GetProperty("fallbacks").GetProperty("used").GetInt32());
    }

    [Fact]
    public async Task The_api_answers_404_problem_details_for_an_unknown_incident()
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Read);

        var response = await client.GetAsync("/api/v1/incidents/987654/report");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("987654", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_api_needs_a_key_with_the_read_scope()
    {
        var incident = await Data.AddIncidentAsync();
        var anonymous = factory.CreateClient();
        var triggerOnly = await factory.CreateApiClientAsync(ApiScopes.Trigger);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/incidents/{incident.Id}/report")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await triggerOnly.GetAsync($"/api/v1/incidents/{incident.Id}/report")).StatusCode);
    }

    [Fact]
    public async Task The_downloads_stream_csv_and_markdown_and_are_audited()
    {
        var known = await Data.AddKnownIncidentAsync();
        var client = await factory.SignedInClientAsync(Roles.Operator);
        var id = known.Incident.Id;

        var deliveries = await client.GetAsync($"/incidents/{id}/report/deliveries.csv");
        var answers = await client.GetAsync($"/incidents/{id}/report/answers.csv");
        var markdown = await client.GetAsync($"/incidents/{id}/report/report.md");

        Assert.Equal("text/csv", deliveries.Content.Headers.ContentType?.MediaType);
        var deliveriesText = Encoding.UTF8.GetString(await deliveries.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFFbroadcast_id,", deliveriesText);
        Assert.Equal(1 + 9, deliveriesText.TrimEnd().Split('\n').Length);
        Assert.Contains("سارة الخطيب", deliveriesText);
        var answersText = await answers.Content.ReadAsStringAsync();
        Assert.Equal(1 + 6, answersText.TrimEnd().Split('\n').Length);
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# Post-incident report: Flood in the river valley", await markdown.Content.ReadAsStringAsync());
        await using var db = factory.CreateDbContext();
        Assert.Equal(3, await db.Set<AuditEntry>().CountAsync(e => e.Action == AuditActions.IncidentReportExported && e.TargetId == id.ToString()));
    }

    [Fact]
    public async Task The_downloads_need_a_signed_in_operator_and_a_known_incident()
    {
        var incident = await Data.AddIncidentAsync();
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        var responder = await factory.SignedInClientAsync(Roles.Responder);
        var operatorClient = await factory.SignedInClientAsync(Roles.Operator);

        var anonymousResponse = await anonymous.GetAsync($"/incidents/{incident.Id}/report/deliveries.csv");
        var responderResponse = await responder.GetAsync($"/incidents/{incident.Id}/report/answers.csv");
        var unknownResponse = await operatorClient.GetAsync("/incidents/987654/report/report.md");

        Assert.Equal(HttpStatusCode.Redirect, anonymousResponse.StatusCode);
        Assert.Contains("/account/login", anonymousResponse.Headers.Location!.ToString());
        Assert.NotEqual(HttpStatusCode.OK, responderResponse.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownResponse.StatusCode);
    }

    private static void AssertTestId(string html, string testId, string value) =>
        Assert.Matches($"data-testid=\"{testId}\"[^>]*>{System.Text.RegularExpressions.Regex.Escape(value)}<", html);
}
