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

    public async Task RunAsync(IPage inbox, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        for (var turn = 0; !stop.IsCancellationRequested; turn++)
        {
            var (option, wire) = Filters[turn % Filters.Length];
            var started = Stopwatch.GetTimestamp();
            var shown = false;
            try
            {
                await inbox.Locator("#inbox-classification").SelectOptionAsync(option);
                await inbox.WaitForFunctionAsync("""
                    wire => {
                        const rows = [...document.querySelectorAll('[data-testid=inbox-grid] tbody tr[data-item-id]')];
                        return rows.length > 0 && rows.every(r => r.getAttribute('data-classification') === wire);
                    }
                    """, wire, new PageWaitForFunctionOptions { Timeout = (float)Patience.TotalMilliseconds, PollingInterval = 20 });
                shown = true;
            }
            catch (TimeoutException)
            {
            }

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

    public string Summary() =>
        $"  inbox page during the load: {Switches.Count} classification-filter switches, grid showed the new filter in p50 {Switches.Percentile(50):0} ms, " +
        $"p95 {Switches.Percentile(95):0} ms, max {Switches.Percentile(100):0} ms; timeouts {Switches.Errors}";
}
