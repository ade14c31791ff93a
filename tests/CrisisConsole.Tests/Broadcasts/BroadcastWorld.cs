using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Segments;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Broadcasts;

/// <summary>
/// Arranges broadcasts in the real app: contacts, segments and templates written straight to the
/// database, each test under a group of its own so tests sharing a factory never see each other's people.
/// </summary>
public sealed class BroadcastWorld(CrisisConsoleFactory factory)
{
    public static readonly AuditActor Alice = new("alice-id", "alice@test.local");
    public static readonly AuditActor Bob = new("bob-id", "bob@test.local");

    private static int phoneSequence;

    public CrisisConsoleFactory Factory => factory;
    public BroadcastDraftService Drafts => factory.Services.GetRequiredService<BroadcastDraftService>();
    public BroadcastPreviewService Previews => factory.Services.GetRequiredService<BroadcastPreviewService>();
    public BroadcastApprovalService Approvals => factory.Services.GetRequiredService<BroadcastApprovalService>();

    public AppDbContext Db() => factory.CreateDbContext();

    public static string NewGroup() => "g-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A valid, unique number: +44 77 and eight digits.</summary>
    public static string NextPhone() => "+4477" + Interlocked.Increment(ref phoneSequence).ToString("D8");

    /// <summary>A number no message can go to (no "+" and country code), unique too.</summary>
    public static string NextInvalidPhone() => "077" + Interlocked.Increment(ref phoneSequence).ToString("D8");

    public async Task<Contact> AddContactAsync(string group, ConsentStatus consent = ConsentStatus.OptedIn, string language = "en",
        bool? whatsApp = null, DateTimeOffset? lastInboundWhatsApp = null, string? phone = null, bool deleted = false, string? extraGroup = null)
    {
        var contacts = await AddContactsAsync(1, group, consent, language, whatsApp, lastInboundWhatsApp, phone, deleted, extraGroup);
        return contacts[0];
    }

    public async Task<List<Contact>> AddContactsAsync(int count, string group, ConsentStatus consent = ConsentStatus.OptedIn, string language = "en",
        bool? whatsApp = null, DateTimeOffset? lastInboundWhatsApp = null, string? phone = null, bool deleted = false, string? extraGroup = null)
    {
        var now = DateTimeOffset.UtcNow;
        var contacts = new List<Contact>();
        for (var i = 0; i < count; i++)
        {
            var contact = new Contact
            {
                Name = $"Person {group} {i}", Phone = phone ?? NextPhone(), Language = language, WhatsAppCapable = whatsApp,
                LastInboundWhatsAppAt = lastInboundWhatsApp, CreatedAt = now, UpdatedAt = now, DeletedAt = deleted ? now : null,
            };
            contact.SetLabels(LabelKind.Group, extraGroup is null ? [group] : [group, extraGroup]);
            contact.ChangeConsent(consent, "test", now, "test");
            contacts.Add(contact);
        }

        await using var db = Db();
        db.AddRange(contacts);
        await db.SaveChangesAsync();
        return contacts;
    }

    public async Task<Segment> AddSegmentAsync(string group, bool includeWithoutOptIn = false)
    {
        var now = DateTimeOffset.UtcNow;
        var segment = new Segment
        {
            Name = "seg-" + Guid.NewGuid().ToString("N")[..10], Groups = [group], IncludeWithoutOptIn = includeWithoutOptIn,
            CreatedAt = now, UpdatedAt = now, CreatedBy = "test",
        };
        await using var db = Db();
        db.Add(segment);
        await db.SaveChangesAsync();
        return segment;
    }

    /// <summary>
    /// A check-in template with variables org and event in English (default), French and Arabic.
    /// English and French have approved WhatsApp templates (Meta and Twilio); Arabic has none.
    /// </summary>
    public async Task<MessageTemplate> AddTemplateAsync(string? name = null)
    {
        var now = DateTimeOffset.UtcNow;
        var template = new MessageTemplate
        {
            Name = name ?? "t-" + Guid.NewGuid().ToString("N")[..10], Category = TemplateCategory.CheckIn, DefaultLanguage = "en",
            Variables = ["org", "event"], CreatedAt = now, UpdatedAt = now, CreatedBy = "test", UpdatedBy = "test",
            Variants =
            [
                new TemplateVariant
                {
                    Language = "en", Text = "{{org}}: {{event}} in your area. Are you safe?", MetaTemplateName = "safety_check", MetaTemplateLanguage = "en",
                    TwilioContentSid = "HX00000000000000000000000000000101",
                    QuickReplies = [new QuickReply { Payload = "SAFE", Title = "I am safe" }, new QuickReply { Payload = "HELP", Title = "I need help" }],
                },
                new TemplateVariant
                {
                    Language = "fr", Text = "{{org}} : {{event}} dans votre secteur. Êtes-vous en sécurité ?", MetaTemplateName = "safety_check",
                    MetaTemplateLanguage = "fr", TwilioContentSid = "HX00000000000000000000000000000102",
                },
                new TemplateVariant { Language = "ar", Text = "{{org}}: {{event}} في منطقتك. هل أنت بخير؟" },
            ],
        };
        await using var db = Db();
        db.Add(template);
        await db.SaveChangesAsync();
        return template;
    }

    public static Dictionary<string, string> Values() => new() { ["org"] = "Acme", ["event"] = "Flooding" };

    public static BroadcastInput Input(MessageTemplate template, IEnumerable<Segment> segments, ChannelPolicy policy = ChannelPolicy.WhatsAppThenSms,
        bool drill = false) => new()
    {
        TemplateId = template.Id, Variables = Values(), SegmentIds = segments.Select(s => s.Id).ToList(), ChannelPolicy = policy, IsDrill = drill,
    };

    /// <summary>Composes and submits as Alice; the broadcast is pending approval.</summary>
    public async Task<Broadcast> SubmitAsync(BroadcastInput input, AuditActor? author = null)
    {
        var result = await Drafts.SubmitAsync(null, input, author ?? Alice);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {e.Value}")));
        return result.Broadcast!;
    }

    public async Task<List<AuditEntry>> AuditOfAsync(int broadcastId)
    {
        var id = broadcastId.ToString();
        await using var db = Db();
        return await db.Set<AuditEntry>().AsNoTracking().Where(a => a.TargetType == nameof(Broadcast) && a.TargetId == id).OrderBy(a => a.Id).ToListAsync();
    }
}
