using System.Diagnostics;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Signatures;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Inbox;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CrisisConsole.Benchmarks;

/// <summary>
/// Issue 5's load: N people (10,000 by default) answer a check-in within a minute. Seeds the contacts and a
/// sent check-in broadcast, then posts one signed Twilio inbound webhook per person over loopback at a steady
/// rate (N in 50 s, at most 64 in flight), in English, French and Arabic, on SMS and WhatsApp, mixing safe,
/// help, buttons, questions, digits and small talk. Reports the webhook latencies, how many messages were
/// stored and classified (and check-ins recorded), how long until everything was in, and how quickly an
/// inbox page open in Chromium follows a change of filter meanwhile (<see cref="InboxResponsivenessProbe"/>).
/// </summary>
internal static class InboundAnswersBenchmark
{
    private const int MaxInFlight = 64;
    private static readonly TimeSpan Spread = TimeSpan.FromSeconds(50);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(3);

    private static readonly Dictionary<string, string[]> Safe = new()
    {
        ["en"] = ["I'm safe", "Safe, thanks", "All good here, we are safe", "ok we're fine"],
        ["fr"] = ["je suis en sécurité", "Tout va bien ici", "En sécurité, merci"],
        ["ar"] = ["أنا بخير", "نحن بخير، شكراً", "بخير"],
    };

    private static readonly Dictionary<string, string[]> Help = new()
    {
        ["en"] = ["I need help", "we need water", "HELP the road is flooded"],
        ["fr"] = ["j'ai besoin d'aide", "Aidez-nous, la maison est inondée", "au secours"],
        ["ar"] = ["مساعدة", "نحتاج إلى الماء", "أحتاج مساعدة من فضلكم"],
    };

    private static readonly Dictionary<string, string[]> Questions = new()
    {
        ["en"] = ["Where is the shelter?", "Is the office open tomorrow?"],
        ["fr"] = ["Où est le centre d'accueil ?", "Que devons-nous faire ?"],
        ["ar"] = ["أين الملجأ؟", "ماذا نفعل؟"],
    };

    public static async Task<(Measurement Webhooks, Measurement InboxSwitches)> RunAsync(int count)
    {
        count = Math.Clamp(count, 1, 100_000);
        await using var host = await BenchmarkHost.StartAsync(BenchmarkBrowser.AdminSettings());
        var phones = await SeedAsync(host, count);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BenchmarkBrowser.LaunchAsync(playwright);
        var inbox = await BenchmarkBrowser.OpenSignedInAsync(browser, host.BaseUrl, "/inbox");
        var probe = new InboxResponsivenessProbe();
        await probe.WarmUpAsync(inbox);
        using var stopProbe = new CancellationTokenSource();
        var probing = probe.RunAsync(inbox, stopProbe.Token);
        var twilio = host.Gateways.Twilio;
        var url = host.PublicBaseUrl + WebhookPaths.TwilioInbound;
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = MaxInFlight }) { BaseAddress = new Uri(host.BaseUrl) };

        var measurement = new Measurement($"Inbound answers ({count:N0} in {Spread.TotalSeconds:0} s)");
        using var inFlight = new SemaphoreSlim(MaxInFlight);
        var sends = new List<Task>(count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var wait = TimeSpan.FromTicks(Spread.Ticks * i / count) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            await inFlight.WaitAsync();
            var index = i;
            sends.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                var ok = false;
                try
                {
                    ok = await PostAsync(client, url, twilio.AuthToken!, twilio.AccountSid!, phones[index], index);
                }
                catch (HttpRequestException)
                {
                }
                finally
                {
                    measurement.Record(Stopwatch.GetElapsedTime(started), ok);
                    inFlight.Release();
                }
            }));
        }

        await Task.WhenAll(sends);
        measurement.Elapsed = clock.Elapsed;
        await stopProbe.CancelAsync();
        await probing;

        // Each webhook answers after its message is stored and triaged; "drained" is when every one is in.
        var (stored, byClass, checkIns) = await CountAsync(host);
        while (stored < count && clock.Elapsed < Spread + DrainLimit)
        {
            await Task.Delay(250);
            (stored, byClass, checkIns) = await CountAsync(host);
        }

        Console.WriteLine($"  stored {stored:N0} of {count:N0}; drained {clock.Elapsed.TotalSeconds:0.0} s after the first answer " +
                          $"({(clock.Elapsed - measurement.Elapsed).TotalSeconds:0.0} s after the last webhook was answered)");
        Console.WriteLine("  classified: " + string.Join(", ", byClass.OrderBy(c => c.Key).Select(c => $"{InboxPriority.ToWire(c.Key)} {c.Value:N0}")));
        Console.WriteLine($"  check-ins recorded: {checkIns:N0}; resident memory {ProcessMemory.ResidentMegabytes():N0} MB");
        Console.WriteLine(probe.Summary());
        await inbox.Context.CloseAsync();
        return (measurement, probe.Switches);
    }

    private static async Task<bool> PostAsync(HttpClient client, string url, string authToken, string accountSid, string phone, int index)
    {
        var whatsApp = index % 2 == 0;
        var language = (index / 2 % 3) switch { 0 => "en", 1 => "fr", _ => "ar" };
        var prefix = whatsApp ? "whatsapp:" : "";
        var sid = "SM" + index.ToString("x8") + Guid.NewGuid().ToString("N")[..24];
        var form = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", accountSid),
            new("ApiVersion", "2010-04-01"),
            new("From", prefix + phone),
            new("MessageSid", sid),
            new("NumMedia", "0"),
            new("SmsMessageSid", sid),
            new("SmsSid", sid),
            new("SmsStatus", "received"),
            new("To", prefix + "+15005550006"),
        };
        var slot = index / 6 % 20;
        if (whatsApp && slot is 13 or 14)
        {
            form.Add(new("ButtonPayload", slot == 13 ? "SAFE" : "HELP"));
            form.Add(new("ButtonText", slot == 13 ? "I am safe" : "I need help"));
            form.Add(new("Body", slot == 13 ? "I am safe" : "I need help"));
        }
        else
        {
            form.Add(new("Body", slot switch
            {
                < 8 => Pick(Safe, language, index),
                < 15 => Pick(Help, language, index),
                < 17 => Pick(Questions, language, index),
                < 19 => slot == 17 ? "1" : "2",
                _ => language == "ar" ? "شكرا" : "thanks",
            }));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookPaths.TwilioInbound) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioSignature.Compute(authToken, url, form));
        using var response = await client.SendAsync(request);
        return response.IsSuccessStatusCode;
    }

    private static string Pick(Dictionary<string, string[]> table, string language, int index) => table[language][index % table[language].Length];

    /// <summary>The people, opted in, and a check-in broadcast delivered to each ten minutes ago, so answers link to it.</summary>
    private static async Task<string[]> SeedAsync(BenchmarkHost host, int count)
    {
        var phones = Enumerable.Range(0, count).Select(i => "+1999" + i.ToString("D7")).ToArray();
        var now = DateTimeOffset.UtcNow;
        await using (var db = host.CreateDbContext())
        {
            var template = new MessageTemplate
            {
                Name = "bench-check-in", Category = TemplateCategory.CheckIn, DefaultLanguage = "en", CreatedAt = now, UpdatedAt = now,
                Variants = [new TemplateVariant { Language = "en", Text = "Are you safe? Reply SAFE or HELP." }],
            };
            db.Add(template);
            await db.SaveChangesAsync();
            db.Add(new Broadcast
            {
                TemplateId = template.Id, TemplateName = template.Name, State = BroadcastState.Completed, CreatedById = "bench", CreatedByName = "bench",
                CreatedAt = now.AddMinutes(-15), UpdatedAt = now, RecipientCount = count,
            });
            await db.SaveChangesAsync();
        }

        int broadcastId;
        await using (var db = host.CreateDbContext())
        {
            broadcastId = await db.Set<Broadcast>().Select(b => b.Id).SingleAsync();
        }

        for (var start = 0; start < count; start += 2_000)
        {
            await using var db = host.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var contacts = Enumerable.Range(start, Math.Min(2_000, count - start)).Select(i => new Contact
            {
                Name = "Person " + i, Phone = phones[i], Language = (i / 2 % 3) switch { 0 => "en", 1 => "fr", _ => "ar" },
                Zone = "Zone " + (i % 7), Consent = ConsentStatus.OptedIn, WhatsAppCapable = true, CreatedAt = now, UpdatedAt = now,
            }).ToList();
            db.AddRange(contacts);
            await db.SaveChangesAsync();
            db.AddRange(contacts.Select((c, k) => new Delivery
            {
                BroadcastId = broadcastId, ContactId = c.Id, Channel = (start + k) % 2 == 0 ? MessageChannel.WhatsApp : MessageChannel.Sms,
                Provider = (start + k) % 2 == 0 ? GatewayProvider.MetaWhatsApp : GatewayProvider.TwilioSms, ToAddress = c.Phone,
                ProviderMessageId = "bench-" + (start + k), Status = DeliveryStatus.Delivered, CreatedAt = now.AddMinutes(-10),
                UpdatedAt = now.AddMinutes(-10), SentAt = now.AddMinutes(-10),
            }));
            await db.SaveChangesAsync();
        }

        return phones;
    }

    private static async Task<(int Stored, Dictionary<InboundClassification, int> ByClass, int CheckIns)> CountAsync(BenchmarkHost host)
    {
        await using var db = host.CreateDbContext();
        var byClass = await db.Set<InboundMessage>().GroupBy(m => m.Classification).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count);
        var checkIns = await db.Set<CheckIn>().CountAsync();
        return (byClass.Values.Sum(), byClass, checkIns);
    }
}
