using Microsoft.Playwright;

namespace CrisisConsole.Benchmarks;

/// <summary>Chromium for the benchmarks that watch pages: Debian's package (Playwright cannot download one here), signed in as the benchmark's admin.</summary>
internal static class BenchmarkBrowser
{
    public const string Email = "admin@bench.test";
    public const string Password = "benchmark-admin-password";

    /// <summary>The first-admin settings the host needs for <see cref="OpenSignedInAsync"/> to sign in.</summary>
    public static Dictionary<string, string?> AdminSettings() => new()
    {
        ["FirstAdmin:Email"] = Email,
        ["FirstAdmin:Password"] = Password,
    };

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-quic", "--no-first-run", "--disable-dev-shm-usage"],
    });

    /// <summary>A page in a browser context of its own, signed in, showing <paramref name="path"/> with its circuit connected.</summary>
    public static async Task<IPage> OpenSignedInAsync(IBrowser browser, string baseUrl, string path)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByTestId("current-user").WaitForAsync();
        await page.GotoAsync(path);
        await page.Locator("html[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }
}
