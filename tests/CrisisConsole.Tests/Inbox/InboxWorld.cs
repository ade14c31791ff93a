using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Inbox;

/// <summary>
/// Inbox items and people written straight to the database, as the inbound processing would leave
/// them. Each test uses a zone of its own, so tests sharing a factory never see each other's items.
/// </summary>
public sealed class InboxWorld(CrisisConsoleFactory factory)
{
    private static int sequence;

    public static string NewZone() => "z-" + Guid.NewGuid().ToString("N")[..10];

    public static string NextPhone() => "+4479" + Interlocked.Increment(ref sequence).ToString("D8");

    public T Get<T>() where T : notnull => factory.Services.GetRequiredService<T>();

    /// <summary>A user with the roles, and the actor they act as.</summary>
    public async Task<AuditActor> AddUserAsync(string name, params string[] roles)
    {
        var email = $"{name.ToLowerInvariant().Replace(' ', '.')}-{Guid.NewGuid():N}"[..30] + "@inbox.test";
        var users = Get<UserAdministrationService>();
        var result = await users.CreateAsync(new NewUser(name, email, "inbox-tests-password", roles), AuditActor.System);
        Assert.True(result.Succeeded, result.Message);
        await using var db = factory.CreateDbContext();
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return new AuditActor(id, email);
    }

    public async Task<Contact> AddContactAsync(string? zone, string name = "Test Person", string language = "en")
    {
        var now = DateTimeOffset.UtcNow;
        var contact = new Contact { Name = name, Phone = NextPhone(), Zone = zone, Language = language, CreatedAt = now, UpdatedAt = now };
        contact.ChangeConsent(ConsentStatus.OptedIn, "test", now, "test");
        await using var db = factory.CreateDbContext();
        db.Add(contact);
        await db.SaveChangesAsync();
        return contact;
    }

    public async Task<InboundMessage> AddItemAsync(string zone, InboundClassification classification, DateTimeOffset? receivedAt = null,
        Contact? contact = null, string? text = "hello", string? language = "en")
    {
        var message = new InboundMessage
        {
            Provider = GatewayProvider.TwilioWhatsApp,
            Channel = MessageChannel.WhatsApp,
            ProviderMessageId = "SM" + Guid.NewGuid().ToString("N"),
            FromAddress = contact?.Phone ?? NextPhone(),
            Kind = InboundKind.Text,
            Text = text,
            ReceivedAt = receivedAt ?? DateTimeOffset.UtcNow,
            ContactId = contact?.Id,
            Classification = classification,
            Priority = InboxPriority.Of(classification),
            TriageState = InboxPriority.ResolvesOnArrival(classification) ? TriageState.Resolved : TriageState.New,
            Zone = zone,
            Language = language,
        };
        await using var db = factory.CreateDbContext();
        db.Add(message);
        await db.SaveChangesAsync();
        return message;
    }

    public async Task<InboundMessage> ItemAsync(long id)
    {
        await using var db = factory.CreateDbContext();
        return await db.Set<InboundMessage>().AsNoTracking().SingleAsync(m => m.Id == id);
    }

    public async Task<List<AuditEntry>> AuditOfAsync(long itemId)
    {
        var id = itemId.ToString();
        await using var db = factory.CreateDbContext();
        return await db.Set<AuditEntry>().AsNoTracking().Where(a => a.TargetType == nameof(InboundMessage) && a.TargetId == id).OrderBy(a => a.Id).ToListAsync();
    }
}
