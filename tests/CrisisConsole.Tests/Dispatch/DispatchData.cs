using System.Text.Json;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;
using TemplateQuickReply = CrisisConsole.Web.Features.Templates.QuickReply;

namespace CrisisConsole.Tests.Dispatch;

/// <summary>
/// Builds what the messaging service works from, straight in the database and in the shape approval
/// writes: a broadcast in state Approved (or another), one Pending delivery per recipient with its channel,
/// provider, address, language and NextAttemptAt (= ScheduledFor or now), and the counts per status.
/// </summary>
public sealed class DispatchData(DispatchApp app)
{
    private static int nextNumber = Random.Shared.Next(1_000_000, 8_000_000);

    public const string EnglishText = "{{org}}: {{event}}. Reply SAFE or HELP.";
    public const string FrenchText = "{{org}} : {{event}}. Répondez SAFE ou HELP.";

    /// <summary>The app's own clock (tests may move it).</summary>
    public DateTimeOffset Now => app.Get<TimeProvider>().GetUtcNow();

    public static string NewPhone() => "+1555" + Interlocked.Increment(ref nextNumber).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A check-in template in English (default) and French, with buttons and WhatsApp template references.</summary>
    public async Task<MessageTemplate> TemplateAsync(string metaTemplateName = "crisis_check_in", bool oneVariable = false)
    {
        var english = oneVariable ? "Alert: {{event}}" : EnglishText;
        var french = oneVariable ? "Alerte : {{event}}" : FrenchText;
        var template = new MessageTemplate
        {
            Name = "t" + Guid.NewGuid().ToString("N")[..12],
            Category = TemplateCategory.CheckIn,
            DefaultLanguage = "en",
            Variables = oneVariable ? ["event"] : ["org", "event"],
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
            Variants =
            [
                Variant("en", english, "I am safe", "I need help", metaTemplateName, "en"),
                Variant("fr", french, "Je vais bien", "J'ai besoin d'aide", metaTemplateName, "fr"),
            ],
        };
        await using var db = app.Db();
        db.Add(template);
        await db.SaveChangesAsync();
        return template;
    }

    private static TemplateVariant Variant(string language, string text, string safe, string help, string metaName, string metaLanguage) => new()
    {
        Language = language,
        Text = text,
        QuickReplies = [new TemplateQuickReply { Payload = "SAFE", Title = safe }, new TemplateQuickReply { Payload = "HELP", Title = help }],
        TwilioContentSid = "HX" + Guid.NewGuid().ToString("N"),
        MetaTemplateName = metaName,
        MetaTemplateLanguage = metaLanguage,
    };

    public async Task<List<Contact>> ContactsAsync(int count, string language = "en", DateTimeOffset? lastInboundWhatsAppAt = null)
    {
        await using var db = app.Db();
        var contacts = Enumerable.Range(0, count).Select(i => new Contact
        {
            Name = "Person " + i,
            Phone = NewPhone(),
            Language = language,
            Consent = ConsentStatus.OptedIn,
            LastInboundWhatsAppAt = lastInboundWhatsAppAt,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        }).ToList();
        db.AddRange(contacts);
        await db.SaveChangesAsync();
        return contacts;
    }

    /// <summary>An approved broadcast with one Pending delivery per contact, as the approval writes them.</summary>
    public async Task<int> BroadcastAsync(MessageTemplate template, IEnumerable<Contact> contacts, ChannelPolicy policy = ChannelPolicy.SmsOnly,
        GatewayProvider whatsAppProvider = GatewayProvider.MetaWhatsApp, BroadcastState state = BroadcastState.Approved, bool isDrill = false,
        DateTimeOffset? scheduledFor = null, int? fallbackMinutes = null, DateTimeOffset? now = null,
        IReadOnlyDictionary<string, string>? values = null)
    {
        var at = now ?? Now;
        var recipients = contacts.ToList();
        await using var db = app.Db();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var broadcast = new Broadcast
        {
            TemplateId = template.Id,
            TemplateName = template.Name,
            VariablesJson = JsonSerializer.Serialize(values ?? new Dictionary<string, string> { ["org"] = "Acme", ["event"] = "Flood warning" }),
            ChannelPolicy = policy,
            SmsFallbackAfterMinutes = fallbackMinutes,
            IsDrill = isDrill,
            ScheduledFor = scheduledFor,
            State = state,
            CreatedById = "user:author",
            CreatedByName = "Author",
            CreatedAt = at,
            UpdatedAt = at,
            DecidedById = "user:supervisor",
            DecidedByName = "Supervisor",
            DecidedAt = at,
            RecipientCount = recipients.Count,
        };
        db.Add(broadcast);
        await db.SaveChangesAsync();
        var provider = policy == ChannelPolicy.SmsOnly ? GatewayProvider.TwilioSms : whatsAppProvider;
        db.AddRange(recipients.Select(c => new Delivery
        {
            BroadcastId = broadcast.Id,
            ContactId = c.Id,
            Channel = GatewayProviders.ChannelOf(provider),
            Provider = provider,
            ToAddress = c.Phone,
            Status = DeliveryStatus.Pending,
            Language = c.Language,
            NextAttemptAt = scheduledFor ?? at,
            CreatedAt = at,
            UpdatedAt = at,
        }));
        await db.SaveChangesAsync();
        await BroadcastStatusCounts.RebuildAsync(db, broadcast.Id, CancellationToken.None);
        await transaction.CommitAsync();
        return broadcast.Id;
    }

    public async Task<List<Delivery>> DeliveriesAsync(int broadcastId)
    {
        await using var db = app.Db();
        return await db.Set<Delivery>().AsNoTracking().Where(d => d.BroadcastId == broadcastId).OrderBy(d => d.Id).ToListAsync();
    }

    public async Task<Broadcast> BroadcastAsync(int broadcastId)
    {
        await using var db = app.Db();
        return await db.Set<Broadcast>().AsNoTracking().SingleAsync(b => b.Id == broadcastId);
    }

    public async Task<List<AuditEntry>> AuditAsync(int broadcastId)
    {
        var id = broadcastId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var db = app.Db();
        return await db.Set<AuditEntry>().AsNoTracking().Where(a => a.TargetType == "Broadcast" && a.TargetId == id).OrderBy(a => a.Id).ToListAsync();
    }

    public Task WaitForStateAsync(int broadcastId, BroadcastState state, TimeSpan? timeout = null) =>
        app.WaitUntilAsync(db => db.Set<Broadcast>().AnyAsync(b => b.Id == broadcastId && b.State == state),
            $"broadcast {broadcastId} is {state}", timeout);

    /// <summary>Polls the broadcast's deliveries until the condition holds.</summary>
    public async Task WaitUntilAsync(int broadcastId, Func<List<Delivery>, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition(await DeliveriesAsync(broadcastId)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Nothing of the broadcast is claimed, due or waiting any more.</summary>
    public Task WaitUntilSettledAsync(int broadcastId, TimeSpan? timeout = null) =>
        app.WaitUntilAsync(db => db.Set<Delivery>().AllAsync(d => d.BroadcastId != broadcastId || (d.ClaimedAt == null && d.NextAttemptAt == null)),
            $"every delivery of broadcast {broadcastId} is settled", timeout);
}
