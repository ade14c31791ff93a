using System.Diagnostics;
using Microsoft.Playwright;

namespace CrisisConsole.Benchmarks;

/// <summary>
/// Issue 5's "the inbox page stays usable" under a burst of answers: an inbox page open in Chromium has its
/// classification filter switched every few seconds (needs help, questions, back and forth) while the
/// answers arrive, and each switch is timed until the grid lists only that classification. The page also
/// refreshes itself live meanwhile, so this is the wait a responder would see.
/// </summary>
internal sealed class InboxResponsivenessProbe
{
    private static readonly (string Option, string Wire)[] Filters = [("NeedsHelp", "needs_help"), ("Question", "question")];
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public Measurement Switches { get; } = new("Inbox filter switches during the load");

    /// <summary>Switches once to each filter before the load (not recorded): the first switch of a fresh app compiles its query.</summary>
    public async Task WarmUpAsync(IPage inbox)
    {
        foreach (var (option, wire) in Filters)
        {
            await SwitchAsync(inbox, option, wire, emptyWillDo: true);
        }
    }

    public async Task RunAsync(IPage inbox, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        for (var turn = 0; !stop.IsCancellationRequested; turn++)
        {
            var (option, wire) = Filters[turn % Filters.Length];
            var started = Stopwatch.GetTimestamp();
            var shown = await SwitchAsync(inbox, option, wire, emptyWillDo: false);
            Switches.Record(Stopwatch.GetElapsedTime(started), shown);
            try
            {
                await Task.Delay(Pause, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }

        Switches.Elapsed = clock.Elapsed;
    }

    /// <summary>
    /// Picks the classification and waits until the grid lists only it (or, before the load, says it has
    /// nothing to list); false if it did not within the patience.
    /// </summary>
    private static async Task<bool> SwitchAsync(IPage inbox, string option, string wire, bool emptyWillDo)
    {
        try
        {
            await inbox.Locator("#inbox-classification").SelectOptionAsync(option);
            await inbox.WaitForFunctionAsync("""
                ([wire, emptyWillDo]) => {
                    const grid = document.querySelector('[data-testid=inbox-grid]');
                    const rows = [...grid.querySelectorAll('tbody tr[data-item-id]')];
                    if (rows.length === 0) return emptyWillDo && grid.textContent.includes('Nothing in the inbox matches.');
                    return rows.every(r => r.getAttribute('data-classification') === wire);
                }
                """, new object[] { wire, emptyWillDo }, new PageWaitForFunctionOptions { Timeout = (float)Patience.TotalMilliseconds, PollingInterval = 20 });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public string Summary() =>
        $"  inbox page during the load: {Switches.Count} classification-filter switches, grid showed the new filter in p50 {Switches.Percentile(50):0} ms, " +
        $"p95 {Switches.Percentile(95):0} ms, max {Switches.Percentile(100):0} ms; timeouts {Switches.Errors}";
}
