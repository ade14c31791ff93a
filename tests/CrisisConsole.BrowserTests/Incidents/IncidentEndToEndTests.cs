using System.Text.RegularExpressions;
using CrisisConsole.BrowserTests.Infrastructure;
using CrisisConsole.BrowserTests.Pages;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Incidents;

/// <summary>
/// Issue 6's acceptance test, in two browser contexts: an Operator opens an incident and sends a
/// check-in under it to a small demo segment, a Supervisor approves, the simulated people answer and
/// the incident's totals show them; the Operator resolves the incident, sends the resolution notice
/// from the follow-up button (approved by the Supervisor), and reads the report.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class IncidentEndToEndTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_incident_runs_from_opening_through_a_check_in_and_its_resolution_notice_to_the_report()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var operatorEmail = $"inc-op-{suffix}@browser.test";
        var supervisorEmail = $"inc-sup-{suffix}@browser.test";
        const string password = "end-to-end-password";
        var users = fixture.Server.Services.GetRequiredService<UserAdministrationService>();
        Assert.True((await users.CreateAsync(new NewUser("Ines Operator", operatorEmail, password, [Roles.Operator]), AuditActor.System)).Succeeded);
        Assert.True((await users.CreateAsync(new NewUser("Samir Supervisor", supervisorEmail, password, [Roles.Supervisor]), AuditActor.System)).Succeeded);
        var segment = await SmallDemoSegmentAsync(suffix);
        var title = $"Flooding in the North {suffix}";

        var operatorPage = await fixture.NewPageAsync();
        var operatorLogin = new LoginPage(operatorPage);
        await operatorLogin.SignInAsync(operatorEmail, password);
        await operatorLogin.WaitForConsoleAsync(operatorEmail);
        var list = new IncidentsListPage(operatorPage);
        await list.OpenAsync();
        var incidentId = await list.OpenIncidentAsync(new NewIncident(title, "Major", "North", segment, $"Ines Operator ({operatorEmail})",
            new Dictionary<string, string> { ["org"] = "City Council", ["event"] = "Flooding" }));
        var incident = new IncidentPage(operatorPage);
        await Assertions.Expect(incident.State).ToHaveTextAsync("Open");
        await Assertions.Expect(operatorPage.GetByTestId("incident-comms-lead")).ToHaveTextAsync("Ines Operator");

        // The check-in, composed under the incident.
        await operatorPage.WaitForInteractiveAsync();
        await incident.ComposeUnderItAsync();
        await operatorPage.WaitForURLAsync(new Regex(@"/broadcasts/new\?incident=\d+$"));
        var composer = new BroadcastComposerPage(operatorPage);
        await operatorPage.GetByLabel("Template").WaitForAsync();
        await Assertions.Expect(operatorPage.GetByLabel("Incident (optional)")).ToHaveValueAsync(incidentId.ToString());
        await composer.ComposeAsync("safety-check", segment, new Dictionary<string, string> { ["org"] = "City Council", ["event"] = "Flooding" });
        var recipients = await composer.PreviewAsync();
        Assert.InRange(recipients, 1, 60);
        var checkInId = await composer.SubmitForApprovalAsync();

        var supervisorPage = await fixture.NewPageAsync();
        var supervisorLogin = new LoginPage(supervisorPage);
        await supervisorLogin.SignInAsync(supervisorEmail, password);
        await supervisorLogin.WaitForConsoleAsync(supervisorEmail);
        var approvals = new ApprovalPage(supervisorPage);
        await approvals.ApproveAsync(checkInId, "Go ahead.");

        // The simulated people answer; the incident page counts them without a reload. Whether a dozen of
        // them press "safe" in time is up to their dice (and their cooldown after earlier tests' messages),
        // so one of them is made to answer SAFE through the simulator, as a signed webhook like any other.
        await incident.OpenAsync(incidentId);
        var (person, delivery) = await SimulatedPeople.FirstReachedAsync(fixture.Server.Services, checkInId);
        var simulatorPage = await fixture.NewPageAsync();
        var simulator = await SimulatorAdmin.SignInAsync(simulatorPage, ConsoleServer.AdminEmail, ConsoleServer.AdminPassword);
        await simulator.SendAsPersonAsync(person.Phone, SimulatedPeople.SimulatorChannel(delivery.Provider), "SAFE", delivery.ProviderMessageId);
        await simulatorPage.Context.CloseAsync();
        await Assertions.Expect(incident.Safe).Not.ToHaveTextAsync("0", new() { Timeout = 60_000 });
        await Assertions.Expect(incident.Timeline.Locator($"li[data-kind=BroadcastStarted]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });

        await incident.ChangeStateAsync("Resolve");
        await Assertions.Expect(incident.State).ToHaveTextAsync("Resolved");
        await Assertions.Expect(incident.Timeline.Locator("li[data-kind=Figure]")).ToHaveCountAsync(1);

        // The resolution notice: one click to a pre-filled draft, then compose, preview, submit; approval as always.
        var noticeId = await incident.FollowUpAsync("Send resolution notice");
        await Assertions.Expect(operatorPage.GetByLabel("Template")).ToHaveValueAsync(new Regex(@"^\d+$"));
        await Assertions.Expect(operatorPage.GetByLabel("Template").Locator("option:checked")).ToHaveTextAsync("all-clear");
        Assert.True(await composer.PreviewAsync() > 0);
        Assert.Equal(noticeId, await composer.SubmitForApprovalAsync());
        await approvals.ApproveAsync(noticeId, "All clear.");

        await incident.OpenAsync(incidentId);
        await Assertions.Expect(incident.Timeline.Locator("li[data-kind=BroadcastApproved]")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await incident.OpenReportAsync();
        await operatorPage.WaitForURLAsync(new Regex($@"/incidents/{incidentId}/report$"));
        await Assertions.Expect(operatorPage.GetByTestId("report-heading")).ToContainTextAsync(title, new() { Timeout = 30_000 });
        await Assertions.Expect(operatorPage.GetByTestId("report-safe")).Not.ToHaveTextAsync(new Regex(@"^\D*0\D*$"));

        await supervisorPage.Context.CloseAsync();
        await operatorPage.Context.CloseAsync();
    }

    /// <summary>Staff in the North zone: a dozen or so of the 500 demo contacts.</summary>
    private async Task<string> SmallDemoSegmentAsync(string suffix)
    {
        var name = $"north-staff-{suffix}";
        var contexts = fixture.Server.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        db.Add(new Segment { Name = name, Groups = ["Staff"], Zones = ["North"], CreatedAt = now, UpdatedAt = now, CreatedBy = "browser test" });
        await db.SaveChangesAsync();
        return name;
    }
}
