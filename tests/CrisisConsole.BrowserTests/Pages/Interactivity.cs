using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Pages;

internal static class Interactivity
{
    /// <summary>Waits until the page's circuit is live (the layout's InteractiveMarker sets the mark).</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("html[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Clicks until <paramref name="appears"/> shows. A page is first rendered on the server and becomes
    /// interactive only when its circuit connects; a click in between is lost, as it would be for a
    /// person, who would simply click again.
    /// </summary>
    public static async Task ClickUntilVisibleAsync(this ILocator button, ILocator appears, int attempts = 10)
    {
        for (var attempt = 1; ; attempt++)
        {
            await button.ClickAsync();
            try
            {
                await appears.WaitForAsync(new() { Timeout = 2_000 });
                return;
            }
            catch (TimeoutException) when (attempt < attempts)
            {
            }
        }
    }
}
