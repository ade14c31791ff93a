using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace CrisisConsole.Tests.Dispatch;

/// <summary>
/// "Kill the process hard in the middle of a 10,000-recipient send and start it again. No delivery is
/// lost, and any duplicate is limited to calls that were in flight." The simulator runs as a process of
/// its own, so its count of messages received survives the console being killed.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Recipients = 10_000;
    private const int MaxConcurrency = 32;
    private const int KillAfter = 3_000;
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "crash-test-auth-token";
    private const string AccessToken = "EAAGcrashtesttoken";
    private const string AppSecret = "crash-test-app-secret";

    /// <summary>
    /// Twilio SMS: unknown sends are looked up (GET Messages.json), so no message should be sent twice.
    /// Meta WhatsApp: no lookup exists, so unknown sends are sent again, at most the calls in flight.
    /// </summary>
    [Theory]
    [InlineData(GatewayProvider.TwilioSms)]
    [InlineData(GatewayProvider.MetaWhatsApp)]
    public async Task A_send_killed_midway_and_restarted_loses_no_delivery_and_repeats_at_most_the_calls_in_flight(GatewayProvider provider)
    {
        using var database = new TestDatabase();
        var broadcastId = await SeedAsync(database, provider);
        var simulatorPort = FreePort();
        var appPort = FreePort();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        using var simulator = Start("CrisisConsole.GatewaySimulator",
        [
            $"--urls=http://127.0.0.1:{simulatorPort}",
            $"--Gateways:Twilio:AccountSid={AccountSid}", $"--Gateways:Twilio:AuthToken={AuthToken}",
            $"--Gateways:WhatsAppCloud:AccessToken={AccessToken}", $"--Gateways:WhatsAppCloud:AppSecret={AppSecret}",
            $"--Gateways:PublicBaseUrl=http://127.0.0.1:{appPort}",
            "--GatewaySimulator:RateLimits:TwilioEnabled=false", "--GatewaySimulator:RateLimits:MetaEnabled=false",
            "--GatewaySimulator:Recipients:Enabled=false", "--Logging:LogLevel:Default=Warning",
        ]);
        try
        {
            await WaitForAsync(async () => await ReceivedAsync(http, simulatorPort, provider) >= 0, "the simulator answers", TimeSpan.FromSeconds(60));
            string[] appArgs =
            [
                $"--urls=http://127.0.0.1:{appPort}",
                $"--Database:ConnectionString=Data Source={database.Path}",
                "--DemoData:Enabled=false", "--FirstAdmin:Email=admin@crash.test", "--FirstAdmin:Password=crash-test-admin-pw",
                $"--Gateways:Twilio:BaseUrl=http://127.0.0.1:{simulatorPort}/twilio",
                $"--Gateways:WhatsAppCloud:BaseUrl=http://127.0.0.1:{simulatorPort}/meta",
                $"--Gateways:Twilio:AccountSid={AccountSid}", $"--Gateways:Twilio:AuthToken={AuthToken}",
                $"--Gateways:WhatsAppCloud:AccessToken={AccessToken}", $"--Gateways:WhatsAppCloud:AppSecret={AppSecret}",
                "--Dispatch:RateLimitsEnabled=false", $"--Dispatch:MaxConcurrency={MaxConcurrency}", "--Dispatch:WhatsAppDailyReachLimit=0",
                "--Logging:LogLevel:Default=Warning",
            ];

            var first = Start("CrisisConsole.Web", appArgs);
            var started = Stopwatch.StartNew();
            try
            {
                await WaitForAsync(async () => await ReceivedAsync(http, simulatorPort, provider) >= KillAfter, $"the simulator received {KillAfter} messages",
                    TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(10));
            }
            catch (TimeoutException)
            {
                await DescribeAsync(database, broadcastId);
                throw;
            }
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            first.Dispose();
            var atKill = await ReceivedAsync(http, simulatorPort, provider);
            var (claimed, recorded) = await ClaimedAndRecordedAsync(database, broadcastId);
            output.WriteLine($"Killed after {started.Elapsed.TotalSeconds:F1} s: simulator had {atKill} messages; {recorded} outcomes recorded, {claimed} deliveries left claimed.");
            Assert.True(atKill < Recipients, "The send must be killed midway to test anything.");

            using var second = Start("CrisisConsole.Web", appArgs);
            var restarted = Stopwatch.StartNew();
            await WaitForAsync(() => IsCompletedAsync(database, broadcastId), "the broadcast completes after the restart", TimeSpan.FromSeconds(120));
            var received = await ReceivedAsync(http, simulatorPort, provider);
            output.WriteLine($"Completed {restarted.Elapsed.TotalSeconds:F1} s after the restart; the simulator received {received} messages in all " +
                             $"({received - Recipients} duplicates; at most {MaxConcurrency} allowed).");
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();

            await using var db = database.CreateContext();
            var deliveries = await db.Set<Delivery>().AsNoTracking().Where(d => d.BroadcastId == broadcastId)
                .Select(d => new { d.ProviderMessageId, d.ClaimedAt, d.NextAttemptAt }).ToListAsync();
            Assert.Equal(Recipients, deliveries.Count);
            Assert.All(deliveries, d => Assert.NotNull(d.ProviderMessageId));
            Assert.Equal(Recipients, deliveries.Select(d => d.ProviderMessageId).Distinct().Count());
            Assert.All(deliveries, d => Assert.Null(d.ClaimedAt));
            Assert.InRange(received - Recipients, 0, MaxConcurrency);
        }
        finally
        {
            if (!simulator.HasExited)
            {
                simulator.Kill(entireProcessTree: true);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>An approved broadcast to 10,000 people on one provider, written as the approval writes it.</summary>
    private static async Task<int> SeedAsync(TestDatabase database, GatewayProvider provider)
    {
        await using var db = database.CreateContext();
        await db.Database.MigrateAsync();
        var now = DateTimeOffset.UtcNow;
        var template = new MessageTemplate
        {
            Name = "crash-test",
            Category = TemplateCategory.Alert,
            DefaultLanguage = "en",
            Variables = ["event"],
            CreatedAt = now,
            UpdatedAt = now,
            // crisis_alert is one of the simulator's approved Meta templates (one body parameter).
            Variants = [new TemplateVariant { Language = "en", Text = "Alert: {{event}}. Stay safe.", MetaTemplateName = "crisis_alert", MetaTemplateLanguage = "en" }],
        };
        var contacts = Enumerable.Range(0, Recipients).Select(i => new Contact
        {
            Name = "Person " + i,
            Phone = "+1555" + (2_000_000 + i).ToString("D7", System.Globalization.CultureInfo.InvariantCulture),
            Language = "en",
            Consent = ConsentStatus.OptedIn,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        db.Add(template);
        db.AddRange(contacts);
        var broadcast = new Broadcast
        {
            TemplateName = template.Name,
            VariablesJson = JsonSerializer.Serialize(new Dictionary<string, string> { ["event"] = "Flood" }),
            ChannelPolicy = provider == GatewayProvider.TwilioSms ? ChannelPolicy.SmsOnly : ChannelPolicy.WhatsAppOnly,
            State = BroadcastState.Approved,
            CreatedById = "user:author",
            CreatedByName = "Author",
            CreatedAt = now,
            UpdatedAt = now,
            DecidedById = "user:supervisor",
            DecidedByName = "Supervisor",
            DecidedAt = now,
            RecipientCount = Recipients,
        };
        await db.SaveChangesAsync();
        broadcast.TemplateId = template.Id;
        db.Add(broadcast);
        await db.SaveChangesAsync();
        db.AddRange(contacts.Select(c => new Delivery
        {
            BroadcastId = broadcast.Id,
            ContactId = c.Id,
            Channel = GatewayProviders.ChannelOf(provider),
            Provider = provider,
            ToAddress = c.Phone,
            Status = DeliveryStatus.Pending,
            Language = "en",
            NextAttemptAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        }));
        await db.SaveChangesAsync();
        await BroadcastStatusCounts.RebuildAsync(db, broadcast.Id, CancellationToken.None);
        return broadcast.Id;
    }

    private Process Start(string name, IEnumerable<string> args)
    {
        var folder = AppContext.BaseDirectory;
        var apphost = Path.Combine(folder, name);
        var info = File.Exists(apphost)
            ? new ProcessStartInfo(apphost)
            : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(folder, name + ".dll") } };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.WorkingDirectory = folder;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var process = new Process { StartInfo = info };
        // Drained so a chatty process never blocks on a full pipe; errors are kept for the test output.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                try
                {
                    output.WriteLine($"[{name}] {line}");
                }
                catch (InvalidOperationException)
                {
                    // The test has finished; nowhere to write.
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<long> ReceivedAsync(HttpClient http, int simulatorPort, GatewayProvider provider)
    {
        try
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{simulatorPort}/admin/counters"));
            var counter = provider == GatewayProvider.TwilioSms ? "twilioSms" : "meta";
            return document.RootElement.GetProperty("received").GetProperty(counter).GetInt64();
        }
        catch (HttpRequestException)
        {
            return -1;
        }
    }

    private static async Task<bool> IsCompletedAsync(TestDatabase database, int broadcastId)
    {
        await using var db = database.CreateContext();
        return await db.Set<Broadcast>().AnyAsync(b => b.Id == broadcastId && b.State == BroadcastState.Completed);
    }

    /// <summary>Where the deliveries stand, for the test output when a wait times out.</summary>
    private async Task DescribeAsync(TestDatabase database, int broadcastId)
    {
        await using var db = database.CreateContext();
        var states = await db.Set<Delivery>().Where(d => d.BroadcastId == broadcastId)
            .GroupBy(d => new { d.Status, d.ErrorCode, Claimed = d.ClaimedAt != null })
            .Select(g => new { g.Key.Status, g.Key.ErrorCode, g.Key.Claimed, Count = g.Count(), Reason = g.Max(d => d.ErrorReason) })
            .ToListAsync();
        foreach (var state in states)
        {
            output.WriteLine($"{state.Count} {state.Status} claimed={state.Claimed} {state.ErrorCode} {state.Reason}");
        }
    }

    private static async Task<(int Claimed, int Recorded)> ClaimedAndRecordedAsync(TestDatabase database, int broadcastId)
    {
        await using var db = database.CreateContext();
        var rows = db.Set<Delivery>().Where(d => d.BroadcastId == broadcastId);
        return (await rows.CountAsync(d => d.ClaimedAt != null), await rows.CountAsync(d => d.ProviderMessageId != null));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan timeout, TimeSpan? every = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
