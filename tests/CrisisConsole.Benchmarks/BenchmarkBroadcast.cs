using System.Diagnostics;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Dashboard;
using CrisisConsole.Web.Features.Segments;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Benchmarks;

/// <summary>
/// A broadcast the way the console makes one: contacts (seeded in one INSERT … SELECT, so seeding does
/// not dominate the run), a template, a segment, submitted by one person through BroadcastDraftService
/// and approved by another through BroadcastApprovalService, which freezes the deliveries. From then on
/// the messaging service running inside the host sends it.
/// </summary>
internal static class BenchmarkBroadcast
{
    public const string Zone = "Bench";
    public static readonly AuditActor Author = new("bench:author", "Benchmark author");
    public static readonly AuditActor Approver = new("bench:approver", "Benchmark approver");

    /// <summary>Contacts +4477 followed by eight digits counting from <paramref name="first"/>, opted in, English, in <paramref name="zone"/>.</summary>
    public static async Task SeedContactsAsync(BenchmarkHost host, int count, int first = 0, string zone = Zone)
    {
        await using var db = host.CreateDbContext();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await db.Database.ExecuteSqlAsync($"""
            WITH RECURSIVE n(i) AS (SELECT {first} UNION ALL SELECT i + 1 FROM n WHERE i < {first + count - 1})
            INSERT INTO Contacts (Name, Phone, WhatsAppCapable, Language, Zone, Consent, ConsentSource, ConsentAt, CreatedAt, UpdatedAt)
            SELECT 'Person ' || i, '+4477' || printf('%08d', i), 1, 'en', {zone}, 'OptedIn', 'benchmark', {now}, {now}, {now} FROM n
            """);
    }

    /// <summary>Submits and approves an SMS broadcast to the contacts of one zone; returns its id and how long approval took.</summary>
    public static async Task<(int Id, int Recipients, TimeSpan Approval)> SubmitAndApproveAsync(BenchmarkHost host, ChannelPolicy channels = ChannelPolicy.SmsOnly,
        string zone = Zone) => await ApproveAsync(host, await SubmitAsync(host, channels, zone));

    /// <summary>Submits a broadcast to the contacts of one zone for approval; returns its id.</summary>
    public static async Task<int> SubmitAsync(BenchmarkHost host, ChannelPolicy channels = ChannelPolicy.SmsOnly, string zone = Zone)
    {
        int templateId, segmentId;
        await using (var db = host.CreateDbContext())
        {
            var now = DateTimeOffset.UtcNow;
            var template = new MessageTemplate
            {
                Name = "bench-" + Guid.NewGuid().ToString("N")[..8],
                Category = TemplateCategory.CheckIn,
                Description = "Benchmark check-in",
                DefaultLanguage = "en",
                Variables = ["event"],
                CreatedAt = now,
                UpdatedAt = now,
                CreatedBy = Author.Name,
                UpdatedBy = Author.Name,
                Variants =
                [
                    new TemplateVariant
                    {
                        Language = "en",
                        Text = "{{event}}: move to higher ground now. Reply 1 if safe, 2 if you need help.",
                        QuickReplies = [new QuickReply { Payload = "SAFE", Title = "I am safe" }, new QuickReply { Payload = "HELP", Title = "I need help" }],
                        MetaTemplateName = "crisis_check_in",
                        MetaTemplateLanguage = "en",
                    },
                ],
            };
            var segment = new Segment { Name = "bench-" + Guid.NewGuid().ToString("N")[..8], Zones = [zone], CreatedAt = now, UpdatedAt = now, CreatedBy = Author.Name };
            db.AddRange(template, segment);
            await db.SaveChangesAsync();
            (templateId, segmentId) = (template.Id, segment.Id);
        }

        var drafts = host.Services.GetRequiredService<BroadcastDraftService>();
        var submitted = await drafts.SubmitAsync(null, new BroadcastInput
        {
            TemplateId = templateId,
            Variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["event"] = "Flood warning" },
            SegmentIds = [segmentId],
            ChannelPolicy = channels,
        }, Author);
        if (!submitted.Succeeded)
        {
            throw new InvalidOperationException("The benchmark broadcast was refused: " + string.Join("; ", submitted.Errors.Values));
        }

        return submitted.Broadcast!.Id;
    }

    /// <summary>Approves as a second person: the deliveries are frozen and the messaging service starts on them.</summary>
    public static async Task<(int Id, int Recipients, TimeSpan Approval)> ApproveAsync(BenchmarkHost host, int broadcastId)
    {
        var started = Stopwatch.StartNew();
        var approved = await host.Services.GetRequiredService<BroadcastApprovalService>().ApproveAsync(broadcastId, Approver, "benchmark")
                       ?? throw new InvalidOperationException("The benchmark broadcast vanished.");
        return (approved.Id, approved.RecipientCount, started.Elapsed);
    }

    public static Task<BroadcastCounters> CountersAsync(BenchmarkHost host, int broadcastId) =>
        host.Services.GetRequiredService<BroadcastProgressQueries>().GetCountersAsync(broadcastId);

    public static async Task<BroadcastState> StateAsync(BenchmarkHost host, int broadcastId)
    {
        await using var db = host.CreateDbContext();
        return await db.Set<Broadcast>().Where(b => b.Id == broadcastId).Select(b => b.State).SingleAsync();
    }
}
