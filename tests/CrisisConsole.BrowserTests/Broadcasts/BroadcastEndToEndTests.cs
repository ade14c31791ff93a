using CrisisConsole.BrowserTests.Infrastructure;
using CrisisConsole.BrowserTests.Pages;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Broadcasts;

/// <summary>
/// Issue 4's acceptance test, in two browser contexts: an Operator composes safety-check for
/// demo-everyone and submits it, a Supervisor approves it, and the Operator's dashboard then shows
/// deliveries and "safe" answers from the simulator rising without a reload.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class BroadcastEndToEndTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_approved_safety_check_shows_deliveries_and_safe_answers_rising_live()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var operatorEmail = $"op-{suffix}@browser.test";
        var supervisorEmail = $"sup-{suffix}@browser.test";
        const string password = "end-to-end-password";
        var users = fixture.Server.Services.GetRequiredService<UserAdministrationService>();
        Assert.True((await users.CreateAsync(new NewUser("Omar Operator", operatorEmail, password, [Roles.Operator]), AuditActor.System)).Succeeded);
        Assert.True((await users.CreateAsync(new NewUser("Sara Supervisor", supervisorEmail, password, [Roles.Supervisor]), AuditActor.System)).Succeeded);

        var operatorPage = await fixture.NewPageAsync();
        var operatorLogin = new LoginPage(operatorPage);
        await operatorLogin.SignInAsync(operatorEmail, password);
        await operatorLogin.WaitForConsoleAsync(operatorEmail);
        var composer = new BroadcastComposerPage(operatorPage);
        await composer.OpenAsync();
        await composer.ComposeAsync("safety-check", "demo-everyone", new Dictionary<string, string>
        {
            ["org"] = "City Council",
            ["event"] = "Flooding",
        });
        var recipients = await composer.PreviewAsync();
        Assert.True(recipients > 100, $"the preview should count the opted-in demo contacts, saw {recipients}");
        var broadcastId = await composer.SubmitForApprovalAsync();

        // The Operator stays on the dashboard from here on; it must update by itself.
        var dashboard = new BroadcastDashboardPage(operatorPage);
        await Assertions.Expect(dashboard.Delivered).ToHaveTextAsync("0");

        var supervisorPage = await fixture.NewPageAsync();
        var supervisorLogin = new LoginPage(supervisorPage);
        await supervisorLogin.SignInAsync(supervisorEmail, password);
        await supervisorLogin.WaitForConsoleAsync(supervisorEmail);
        await new ApprovalPage(supervisorPage).ApproveAsync(broadcastId, "Go ahead.");

        var navigations = 0;
        operatorPage.FrameNavigated += (_, frame) => { if (frame == operatorPage.MainFrame) navigations++; };
        await Assertions.Expect(dashboard.Delivered).Not.ToHaveTextAsync("0", new() { Timeout = 60_000 });
        await Assertions.Expect(dashboard.Safe).Not.ToHaveTextAsync("0", new() { Timeout = 90_000 });
        var firstSafe = await dashboard.ValueAsync(dashboard.Safe);
        await operatorPage.WaitForFunctionAsync(
            $"() => parseInt(document.querySelector('[data-testid=checkin-safe]').innerText.replace(/\\D/g, '')) > {firstSafe}",
            null, new() { Timeout = 90_000 });

        Assert.Equal(0, navigations);
        await supervisorPage.Context.CloseAsync();
        await operatorPage.Context.CloseAsync();
    }
}
