using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Pages;

/// <summary>Pause, Resume and Cancel on a broadcast's live dashboard (Features/Dispatch/BroadcastControls).</summary>
public sealed class BroadcastControlsPage(IPage page)
{
    /// <summary>The controls' own group (the page header has a state badge with the same test id).</summary>
    private ILocator Controls => page.GetByRole(AriaRole.Group, new() { Name = "Broadcast controls" });

    public ILocator State => Controls.GetByTestId("broadcast-state");

    public ILocator Pause => Controls.GetByTestId("broadcast-pause");

    public ILocator Resume => Controls.GetByTestId("broadcast-resume");

    public ILocator Cancel => Controls.GetByTestId("broadcast-cancel");

    public ILocator Failed => page.GetByTestId("count-failed");

    public async Task OpenAsync(int broadcastId)
    {
        await page.GotoAsync($"/broadcasts/{broadcastId}");
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Waits until the controls say the broadcast is in <paramref name="state"/> (as BroadcastStateMachine.Describe words it).</summary>
    public Task ExpectStateAsync(string state) =>
        Assertions.Expect(State).ToHaveTextAsync(new Regex("^" + Regex.Escape(state) + "$", RegexOptions.IgnoreCase), new() { Timeout = 30_000 });

    /// <summary>Clicks until the state changes: a click that lands before the circuit is live is lost, as it would be for a person.</summary>
    public Task PauseAsync() => Pause.ClickUntilVisibleAsync(Resume);

    public Task ResumeAsync() => Resume.ClickUntilVisibleAsync(Pause);

    /// <summary>Asks to cancel, and confirms in the dialog that explains what cancelling does.</summary>
    public async Task CancelAndConfirmAsync()
    {
        var dialog = page.GetByRole(AriaRole.Alertdialog);
        await Cancel.ClickUntilVisibleAsync(dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("cannot be sent later");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel broadcast" }).ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
    }
}
