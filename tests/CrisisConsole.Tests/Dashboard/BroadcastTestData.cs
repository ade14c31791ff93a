using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Tests.Webhooks;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Dashboard;

/// <summary>
/// Broadcasts, contacts and deliveries written straight to the database, as approval would leave them
/// (the composer and the messaging service are other features): deliveries first, then the counters rebuilt.
/// </summary>
internal static class BroadcastTestData
{
    public static string NewPhone() => "+99900" + Random.Shared.Next(0, 10_000_000).ToString("D7");

    public static async Task<int> CreateTemplateAsync(this CrisisConsoleFactory factory, TemplateCategory category)
    {
        await using var db = factory.CreateDbContext();
        var template = new MessageTemplate
        {
            Name = $"t-{category.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..40],
            Category = category,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
            CreatedBy = "test",
            UpdatedBy = "test",
        };
        db.Add(template);
        await db.SaveChangesAsync();
        return template.Id;
    }

    public static async Task<Broadcast> CreateBroadcastAsync(this CrisisConsoleFactory factory, TemplateCategory category = TemplateCategory.CheckIn,
        BroadcastState state = BroadcastState.Sending, int recipients = 0, bool drill = false,
        ChannelPolicy policy = ChannelPolicy.WhatsAppOnly)
    {
        var templateId = await factory.CreateTemplateAsync(category);
        await using var db = factory.CreateDbContext();
        var now = DateTimeOffset.UtcNow;
        var broadcast = new Broadcast
        {
            TemplateId = templateId,
            TemplateName = category == TemplateCategory.CheckIn ? "safety-check" : "incident-update",
            State = state,
            IsDrill = drill,
            // WhatsApp only by default: with a fallback policy the messaging service would add SMS
            // deliveries behind the test's back whenever a WhatsApp one fails.
            ChannelPolicy = policy,
            CreatedById = "user:composer",
            CreatedByName = "Olivia Operator",
            CreatedAt = now.AddMinutes(-10),
            UpdatedAt = now,
            SubmittedAt = now.AddMinutes(-9),
            DecidedById = state is BroadcastState.Draft or BroadcastState.PendingApproval ? null : "user:supervisor",
            DecidedByName = state is BroadcastState.Draft or BroadcastState.PendingApproval ? null : "Sam Supervisor",
            DecidedAt = state is BroadcastState.Draft or BroadcastState.PendingApproval ? null : now.AddMinutes(-8),
            SendingStartedAt = state is BroadcastState.Sending or BroadcastState.Completed ? now.AddMinutes(-7) : null,
            RecipientCount = recipients,
        };
        db.Add(broadcast);
        await db.SaveChangesAsync();
        return broadcast;
    }

    public static async Task<Contact> CreateContactAsync(this CrisisConsoleFactory factory, string? zone = null, string? phone = null, string name = "Test Person")
    {
        await using var db = factory.CreateDbContext();
        var contact = new Contact
        {
            Name = name,
            Phone = phone ?? NewPhone(),
            Zone = zone,
            Consent = ConsentStatus.OptedIn,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(contact);
        await db.SaveChangesAsync();
        return contact;
    }

    /// <summary>One delivery of <paramref name="broadcastId"/> to <paramref name="contact"/>; the counters are rebuilt after.</summary>
    public static async Task<Delivery> AddDeliveryAsync(this CrisisConsoleFactory factory, int broadcastId, Contact? contact, GatewayProvider provider,
        DeliveryStatus status = DeliveryStatus.Pending, string? providerMessageId = null, DateTimeOffset? createdAt = null, DateTimeOffset? sentAt = null)
    {
        await using var db = factory.CreateDbContext();
        var at = createdAt ?? DateTimeOffset.UtcNow.AddMinutes(-5);
        var delivery = new Delivery
        {
            BroadcastId = broadcastId,
            ContactId = contact?.Id,
            Channel = GatewayProviders.ChannelOf(provider),
            Provider = provider,
            ToAddress = contact?.Phone ?? NewPhone(),
            ProviderMessageId = providerMessageId,
            Status = status,
            CreatedAt = at,
            UpdatedAt = at,
            SentAt = sentAt,
        };
        db.Add(delivery);
        await db.SaveChangesAsync();
        await RebuildCountsAsync(factory, broadcastId);
        return delivery;
    }

    public static async Task RebuildCountsAsync(this CrisisConsoleFactory factory, int broadcastId)
    {
        await using var db = factory.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await BroadcastStatusCounts.RebuildAsync(db, broadcastId, CancellationToken.None);
        await transaction.CommitAsync();
    }

    /// <summary>The stored counters (non-zero rows) as "Channel/Status=n", sorted.</summary>
    public static async Task<List<string>> StoredCountsAsync(this CrisisConsoleFactory factory, int broadcastId)
    {
        await using var db = factory.CreateDbContext();
        return (await db.Set<BroadcastStatusCount>().Where(c => c.BroadcastId == broadcastId && c.Count != 0).ToListAsync())
            .Select(c => $"{c.Channel}/{c.Status}={c.Count}").Order().ToList();
    }

    /// <summary>The same, recounted from the deliveries themselves: what the counters must equal.</summary>
    public static async Task<List<string>> RecountedAsync(this CrisisConsoleFactory factory, int broadcastId)
    {
        await using var db = factory.CreateDbContext();
        return (await db.Set<Delivery>().Where(d => d.BroadcastId == broadcastId).ToListAsync())
            .GroupBy(d => (d.Channel, d.Status)).Select(g => $"{g.Key.Channel}/{g.Key.Status}={g.Count()}").Order().ToList();
    }

    public static HttpRequestMessage TwilioStatus(string sid, string status) => SignedWebhooks.TwilioStatus(sid, status);

    public static HttpRequestMessage MetaStatus(string wamid, string status, long timestamp = 1750857384) =>
        SignedWebhooks.Meta(SignedWebhooks.MetaStatuses(SignedWebhooks.MetaStatus(wamid, status, timestamp: timestamp)));
}
