using CrisisConsole.BrowserTests.Infrastructure;
using CrisisConsole.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Accounts;

[Collection(ConsoleCollection.Name)]
public sealed class SignInTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Admin_signs_in_and_sees_the_admin_navigation()
    {
        var page = await fixture.NewPageAsync();
        var login = new LoginPage(page);

        await login.SignInAsync(ConsoleServer.AdminEmail, ConsoleServer.AdminPassword);
        await login.WaitForConsoleAsync(ConsoleServer.AdminEmail);

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit log" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message()
    {
        var page = await fixture.NewPageAsync();
        var login = new LoginPage(page);

        await login.SignInAsync(ConsoleServer.AdminEmail, "not-the-password");

        Assert.Equal("Wrong e-mail or password.", await login.ErrorAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/admin/users");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await page.Context.CloseAsync();
    }
}
