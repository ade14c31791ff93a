using System.Diagnostics;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Signatures;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CrisisConsole.Benchmarks;

internal sealed record DashboardResult(int Recipients, int Dashboards, int Samples, Measurement Latency, double PeakMegabytes, IReadOnlyList<string> Details);

/// <summary>
/// Target: a status change reaches every open dashboard within 1 s (p95), with 5 dashboards open during a
/// 100,000-recipient send; and the app stays under 600 MB resident during that send.
/// </summary>
/// <remarks>
/// The send goes by SMS through the in-app simulator with its callbacks on (about four signed status
/// webhooks per message come back while it sends) and its handsets all reachable, so nothing but this
/// benchmark ever moves an SMS to "read". Each sample posts one signed Twilio "read" callback for a
/// delivery the provider has accepted, noting the time just before the POST; in each of the 5 pages (each
/// its own browser context, signed in) a MutationObserver notes when the "Read" counter first shows each
/// value, by the page's own clock (the same machine clock). Latency = seen - posted, per page.
/// Resident memory is read from /proc/self/status every 250 ms from approval until the send is done; it is
/// the whole process (app, simulator and this harness), the browsers being processes of their own.
/// </remarks>
internal static class DashboardLatencyBenchmark
{
    private static readonly TimeSpan SendLimit = TimeSpan.FromMinutes(4);

    /// <summary>Records, per page, when the Read counter first showed each value (epoch ms).</summary>
    private const string ObserverScript = """
        () => {
            window.__readSeen = {};
            const note = () => {
                const el = document.querySelector('[data-testid=count-read]');
                if (!el) return;
                const n = parseInt(el.textContent.replace(/\D/g, ''), 10);
                if (!Number.isNaN(n) && !(n in window.__readSeen)) window.__readSeen[n] = Date.now();
            };
            note();
            new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
        }
        """;

    public static async Task<DashboardResult> RunAsync(int recipients, int dashboards, int samples)
    {
        var details = new List<string>();
        var settings = BenchmarkBrowser.AdminSettings();
        settings["GatewaySimulator:Recipients:SmsUnreachablePercent"] = "0";
        // The simulator stands in for Twilio and Meta but runs in this process, and by default keeps the
        // last 200,000 messages it received for its admin API (~100 MB): memory that is the providers',
        // not the console's. Keeping 2,000 leaves most of that out of the resident figure.
        settings["GatewaySimulator:MaxStoredMessages"] = "2000";
        await using var host = await BenchmarkHost.StartAsync(settings);
        var seeding = Stopwatch.StartNew();
        await BenchmarkBroadcast.SeedContactsAsync(host, recipients);
        var id = await BenchmarkBroadcast.SubmitAsync(host);
        details.Add($"  seeded {recipients:N0} contacts and submitted in {seeding.Elapsed.TotalSeconds:0.0} s");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BenchmarkBrowser.LaunchAsync(playwright);
        var pages = new List<IPage>();
        for (var i = 0; i < dashboards; i++)
        {
            pages.Add(await OpenDashboardAsync(browser, host.BaseUrl, id));
        }

        using var memory = new MemorySampler();
        var sendClock = Stopwatch.StartNew();
        var (_, count, approval) = await BenchmarkBroadcast.ApproveAsync(host, id);
        details.Add($"  approved {count:N0} recipients in {approval.TotalSeconds:0.00} s; {dashboards} dashboards open");

        var latency = new Measurement($"Webhook -> {dashboards} dashboards");
        var picked = new HashSet<long>();
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var twilio = host.Gateways.Twilio;
        var url = host.PublicBaseUrl + WebhookPaths.TwilioStatus;
        var interaction = TimeSpan.Zero;
        for (var sample = 1; sample <= samples; sample++)
        {
            var sid = await PickAcceptedAsync(host, id, picked);
            var posted = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var ok = await PostReadAsync(client, url, twilio.AuthToken!, twilio.AccountSid!, sid);
            foreach (var page in pages)
            {
                try
                {
                    var seen = await page.WaitForFunctionAsync($"n => window.__readSeen && window.__readSeen[n]", sample,
                        new PageWaitForFunctionOptions { Timeout = 15_000, PollingInterval = 20 });
                    latency.Record(TimeSpan.FromMilliseconds(await seen.JsonValueAsync<double>() - posted), ok);
                }
                catch (TimeoutException)
                {
                    latency.Record(TimeSpan.FromSeconds(15), false);
                }
            }

            if (sample == samples / 2)
            {
                interaction = await FilterRecipientsAsync(pages[0]);
            }

            // Spread over the send, off the 250 ms refresh beat.
            await Task.Delay(150 + Random.Shared.Next(250));
        }

        latency.Elapsed = sendClock.Elapsed;
        details.Add($"  {latency.Name}: {latency.Count:N0} observations ({samples} webhooks x {dashboards}); p50 {latency.Percentile(50):0} ms, " +
                    $"p95 {latency.Percentile(95):0} ms, max {latency.Percentile(100):0} ms; timeouts {latency.Errors}");
        details.Add($"  recipients filter (status = Read) on a dashboard during the send: grid updated in {interaction.TotalMilliseconds:0} ms");

        var counters = await BenchmarkBroadcast.CountersAsync(host, id);
        details.Add($"  sampling done {sendClock.Elapsed.TotalSeconds:0} s after approval, {count - counters.Count(DeliveryStatus.Pending):N0} of {count:N0} sent; " +
                    "waiting for the rest (memory is sampled throughout)");
        var finished = await WaitForSendAsync(host, id, count, sendClock);
        details.Add(finished
            ? $"  the whole send left Pending {sendClock.Elapsed.TotalSeconds:0} s after approval ({count / sendClock.Elapsed.TotalSeconds:N0}/s with {dashboards} dashboards and Chromium on the same cores)"
            : $"  the send was not finished {SendLimit.TotalMinutes:0} minutes after approval; the memory figure covers that time only");
        details.Add($"  memory during the send: peak resident {memory.PeakMegabytes:N0} MB (app, in-app simulator and this harness in one process; " +
                    $"Chromium apart), of which anonymous {memory.PeakAnonymousMegabytes:N0} MB (the rest is the mapped runtime and assemblies); " +
                    $"largest managed heap {memory.PeakManagedMegabytes:N0} MB");
        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }

        return new DashboardResult(count, dashboards, samples, latency, memory.PeakMegabytes, details);
    }

    private static async Task<IPage> OpenDashboardAsync(IBrowser browser, string baseUrl, int broadcastId)
    {
        var page = await BenchmarkBrowser.OpenSignedInAsync(browser, baseUrl, $"/broadcasts/{broadcastId}");
        await page.GetByTestId("count-read").WaitForAsync();
        await page.EvaluateAsync(ObserverScript);
        return page;
    }

    /// <summary>A delivery the provider has accepted (it has a provider id) and that has not been picked before.</summary>
    private static async Task<string> PickAcceptedAsync(BenchmarkHost host, int broadcastId, HashSet<long> picked)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using (var db = host.CreateDbContext())
            {
                var candidates = await db.Set<Delivery>().AsNoTracking()
                    .Where(d => d.BroadcastId == broadcastId && d.ProviderMessageId != null && d.Status != DeliveryStatus.Read)
                    .OrderByDescending(d => d.Id).Select(d => new { d.Id, d.ProviderMessageId }).Take(50).ToListAsync();
                if (candidates.FirstOrDefault(c => !picked.Contains(c.Id)) is { } choice)
                {
                    picked.Add(choice.Id);
                    return choice.ProviderMessageId!;
                }
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException("No accepted delivery to post a status for after a minute.");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<bool> PostReadAsync(HttpClient client, string url, string authToken, string accountSid, string sid)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", accountSid),
            new("ApiVersion", "2010-04-01"),
            new("MessageSid", sid),
            new("MessageStatus", "read"),
            new("SmsSid", sid),
            new("SmsStatus", "read"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookPaths.TwilioStatus) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioSignature.Compute(authToken, url, form));
        using var response = await client.SendAsync(request);
        return response.IsSuccessStatusCode;
    }

    /// <summary>Filters the recipients grid by status Read on one dashboard and waits for it to list only those.</summary>
    private static async Task<TimeSpan> FilterRecipientsAsync(IPage page)
    {
        var clock = Stopwatch.StartNew();
        await page.Locator(".rz-dropdown").Filter(new() { Has = page.Locator("input[name=status-filter]") }).ClickAsync();
        await page.Locator(".rz-dropdown-item").Filter(new() { HasTextString = "Read" }).First.ClickAsync();
        await page.WaitForFunctionAsync("""
            () => {
                const rows = [...document.querySelectorAll('[data-testid=recipients-grid] tbody tr')];
                return rows.length > 0 && rows.every(r => /Read/.test(r.textContent));
            }
            """, null, new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 20 });
        return clock.Elapsed;
    }

    private static async Task<bool> WaitForSendAsync(BenchmarkHost host, int id, int count, Stopwatch since)
    {
        try
        {
            await DispatchEndToEndBenchmark.WaitUntilSentAsync(host, id, count, _ => { }, SendLimit - since.Elapsed);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
