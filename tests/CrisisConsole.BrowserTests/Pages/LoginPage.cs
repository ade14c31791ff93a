using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Pages;

public sealed class LoginPage(IPage page)
{
    public async Task SignInAsync(string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public async Task<string> ErrorAsync() => await page.GetByTestId("login-error").InnerTextAsync();

    /// <summary>Waits until the interactive shell shows the signed-in user, so later clicks reach a live circuit.</summary>
    public async Task WaitForConsoleAsync(string email)
    {
        await page.GetByTestId("current-user").Filter(new() { HasText = email }).WaitForAsync();
        await page.WaitForInteractiveAsync();
    }
}
