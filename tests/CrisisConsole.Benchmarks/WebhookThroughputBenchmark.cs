using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Signatures;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Web.Features.Deliveries;

namespace CrisisConsole.Benchmarks;

/// <summary>
/// Target: status webhooks taken in (signature checked, stored, aggregated) at >= 3,000/s with p99 <= 100 ms.
/// Seeds deliveries with provider ids, then posts one signed Twilio "delivered" callback for each over
/// real HTTP on loopback, as many at once as Twilio would.
/// </summary>
internal static class WebhookThroughputBenchmark
{
    public static async Task<Measurement> RunAsync(int webhooks, int concurrency)
    {
        await using var host = await BenchmarkHost.StartAsync();
        var sids = await SeedAsync(host, webhooks);
        var twilio = host.Gateways.Twilio;
        var url = host.PublicBaseUrl + WebhookPaths.TwilioStatus;
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(host.BaseUrl) };

        // Warm-up: JIT, connection pool, SQLite page cache.
        await Load.RunAsync("warm-up", Math.Min(2_000, webhooks), concurrency, i => PostAsync(client, url, twilio.AuthToken!, twilio.AccountSid!, sids[i], "sent"));

        var cpu = ProcessMemory.ProcessorTime();
        var measurement = await Load.RunAsync("Twilio status webhooks", webhooks, concurrency,
            i => PostAsync(client, url, twilio.AuthToken!, twilio.AccountSid!, sids[i], "delivered"));
        cpu = ProcessMemory.ProcessorTime() - cpu;
        // The load generator runs in this process too, so this is an upper bound for the app; steadier than the rate on a shared machine.
        Console.WriteLine($"  CPU {cpu.TotalMilliseconds / webhooks:0.000} ms per webhook (app and load generator); " +
                          $"resident memory after the run: {ProcessMemory.ResidentMegabytes():N0} MB");
        return measurement;
    }

    private static async Task<bool> PostAsync(HttpClient client, string url, string authToken, string accountSid, string sid, string status)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", accountSid),
            new("ApiVersion", "2010-04-01"),
            new("From", "+15005550006"),
            new("MessageSid", sid),
            new("MessageStatus", status),
            new("SmsSid", sid),
            new("SmsStatus", status),
            new("To", "+447700900123"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookPaths.TwilioStatus) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioSignature.Compute(authToken, url, form));
        using var response = await client.SendAsync(request);
        return response.IsSuccessStatusCode;
    }

    private static async Task<string[]> SeedAsync(BenchmarkHost host, int count)
    {
        var sids = Enumerable.Range(0, count).Select(i => "SM" + i.ToString("x32")).ToArray();
        var now = DateTimeOffset.UtcNow;
        for (var start = 0; start < count; start += 5_000)
        {
            await using var db = host.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(count, start + 5_000); i++)
            {
                db.Add(new Delivery
                {
                    Channel = MessageChannel.Sms,
                    Provider = GatewayProvider.TwilioSms,
                    ToAddress = "+4477009" + (i % 100_000).ToString("00000"),
                    ProviderMessageId = sids[i],
                    Status = DeliveryStatus.Queued,
                    CreatedAt = now,
                    UpdatedAt = now,
                });
            }

            await db.SaveChangesAsync();
        }

        return sids;
    }
}
