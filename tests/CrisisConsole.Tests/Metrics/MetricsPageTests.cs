using System.Net;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Tests.Accounts;
using CrisisConsole.Tests.IncidentReports;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Templates;

namespace CrisisConsole.Tests.Metrics;

/// <summary>The metrics page renders (server pre-render) for operators, supervisors and admins, with real incidents by default.</summary>
public sealed class MetricsPageTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Admin)]
    public async Task The_metrics_page_shows_this_weeks_real_incident_figures(string role)
    {
        var data = new ReportTestData(factory.CreateDbContext);
        var incident = await data.AddIncidentAsync("Power cut", createdAt: DateTimeOffset.UtcNow.AddHours(-2));
        var alert = await data.AddBroadcastAsync(incident.Id, TemplateCategory.Alert, DateTimeOffset.UtcNow.AddHours(-1));
        var person = await data.AddContactAsync("Amal Haddad", "North");
        await data.AddDeliveryAsync(alert.Id, person, MessageChannel.WhatsApp, DeliveryStatus.Delivered,
            sentAt: DateTimeOffset.UtcNow.AddHours(-1), deliveredAt: DateTimeOffset.UtcNow.AddHours(-1).AddSeconds(3));
        var drill = await data.AddIncidentAsync("Drill", drill: true);
        var drillAlert = await data.AddBroadcastAsync(drill.Id, TemplateCategory.Drill, DateTimeOffset.UtcNow.AddHours(-1), drill: true);
        await data.AddDeliveryAsync(drillAlert.Id, person, MessageChannel.Sms, DeliveryStatus.Failed, sentAt: DateTimeOffset.UtcNow.AddHours(-1));
        var client = await factory.SignedInClientAsync(role);

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Metrics across incidents", html);
        Assert.Contains("data-testid=\"metrics-table\"", html);
        Assert.Matches("data-group=\"WhatsApp\"[\\s\\S]*data-testid=\"metrics-delivery-rate\"[^>]*>100%<", html);
        // Drills are not mixed in: no SMS row, and no drill note, by default.
        Assert.DoesNotContain("data-group=\"Sms\"", html);
        Assert.DoesNotContain("data-testid=\"metrics-drills\"", html);
        Assert.Contains("href=\"metrics\"", html);
    }

    [Fact]
    public async Task A_responder_may_not_see_the_metrics()
    {
        var client = await factory.SignedInClientAsync(Roles.Responder);

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQuery);
    }

}
