using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Pages;

public sealed class UsersAdminPage(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync("/admin/users");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Users" }).WaitForAsync();
        await page.WaitForInteractiveAsync();
    }

    public async Task CreateUserAsync(string displayName, string email, string password, string role)
    {
        var dialog = page.GetByRole(AriaRole.Dialog);
        await page.GetByRole(AriaRole.Button, new() { Name = "New user" }).ClickUntilVisibleAsync(dialog);
        await dialog.GetByLabel("Display name").FillAsync(displayName);
        await dialog.GetByLabel("E-mail").FillAsync(email);
        await dialog.GetByLabel("Password").FillAsync(password);
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = role }).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
    }

    public ILocator Row(string email) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
}
