using CrisisConsole.BrowserTests.Infrastructure;
using CrisisConsole.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Accounts;

[Collection(ConsoleCollection.Name)]
public sealed class UserAdministrationTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_Operator_created_by_the_Admin_does_not_see_the_Users_page()
    {
        var email = $"operator-{Guid.NewGuid():N}"[..20] + "@browser.test";
        const string password = "operator-password-1";

        var admin = await fixture.NewPageAsync();
        var login = new LoginPage(admin);
        await login.SignInAsync(ConsoleServer.AdminEmail, ConsoleServer.AdminPassword);
        await login.WaitForConsoleAsync(ConsoleServer.AdminEmail);
        var users = new UsersAdminPage(admin);
        await users.OpenAsync();
        await users.CreateUserAsync("Olive Operator", email, password, "Operator");
        await Assertions.Expect(users.Row(email)).ToContainTextAsync("Operator");
        await admin.Context.CloseAsync();

        var operatorPage = await fixture.NewPageAsync();
        var operatorLogin = new LoginPage(operatorPage);
        await operatorLogin.SignInAsync(email, password);
        await operatorLogin.WaitForConsoleAsync(email);
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Link, new() { Name = "Contacts", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);

        await operatorPage.GotoAsync("/admin/users");
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Heading, new() { Name = "Not available to your role" })).ToBeVisibleAsync();
        await operatorPage.Context.CloseAsync();
    }
}
