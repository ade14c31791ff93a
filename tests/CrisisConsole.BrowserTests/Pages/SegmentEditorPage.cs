using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Pages;

public sealed class SegmentEditorPage(IPage page)
{
    public async Task OpenNewAsync()
    {
        await page.GotoAsync("/segments/new");
        await page.GetByLabel("Name").WaitForAsync();
        await page.WaitForInteractiveAsync();
    }

    public ILocator Count => page.GetByTestId("segment-count").Locator(".value");

    /// <summary>Opens a Radzen multi-select by its label and picks one option.</summary>
    public async Task PickAsync(string label, string option)
    {
        var field = page.Locator(".rz-dropdown").Filter(new() { Has = page.Locator($"input[name='segment-{label.ToLowerInvariant()}']") });
        await field.ClickAsync();
        await page.Locator(".rz-popup:visible .rz-multiselect-item, .rz-popup:visible .rz-dropdown-item").Filter(new() { HasText = option }).First.ClickAsync();
        await page.Keyboard.PressAsync("Escape");
    }
}
