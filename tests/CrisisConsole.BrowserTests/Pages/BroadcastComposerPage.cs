using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Pages;

public sealed class BroadcastComposerPage(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync("/broadcasts/new");
        await page.GetByLabel("Template").WaitForAsync();
        await page.WaitForInteractiveAsync();
    }

    public async Task ComposeAsync(string template, string segment, IReadOnlyDictionary<string, string> variables)
    {
        await page.GetByLabel("Template").SelectOptionAsync(new SelectOptionValue { Label = template });
        foreach (var (name, value) in variables)
        {
            await page.GetByLabel(name, new() { Exact = true }).FillAsync(value);
        }

        await page.GetByRole(AriaRole.Group, new() { Name = "Segments" }).GetByLabel(segment).CheckAsync();
    }

    public async Task<int> PreviewAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        var recipients = page.GetByTestId("preview-recipients");
        await recipients.WaitForAsync();
        return Numbers.Parse(await recipients.InnerTextAsync());
    }

    /// <summary>Submits, confirms, and returns the broadcast id from the page it lands on.</summary>
    public async Task<int> SubmitForApprovalAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await page.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/broadcasts/\d+$"));
        return int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);
    }
}

public sealed class ApprovalPage(IPage page)
{
    public async Task ApproveAsync(int broadcastId, string comment)
    {
        await page.GotoAsync($"/approvals/{broadcastId}");
        await page.WaitForInteractiveAsync();
        await page.GetByLabel("Comment").FillAsync(comment);
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Alertdialog);
        await confirm.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Approve and message") }).ClickAsync();
    }
}

public sealed class BroadcastDashboardPage(IPage page)
{
    public ILocator Delivered => page.GetByTestId("count-delivered");

    public ILocator Safe => page.GetByTestId("checkin-safe");

    public async Task<int> ValueAsync(ILocator locator) => Numbers.Parse(await locator.InnerTextAsync());
}

internal static class Numbers
{
    public static int Parse(string text)
    {
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 0 ? 0 : int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
    }
}
