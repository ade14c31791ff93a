using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Inbox.Triage;

/// <summary>Who wrote: the contact, or for an unknown sender only the number (and the name their app gave).</summary>
public sealed record InboxSender(
    int? ContactId,
    string Phone,
    string? Name,
    string? ProfileName,
    string? Zone,
    string? Language,
    ConsentStatus? Consent,
    bool? WhatsAppCapable,
    DateTimeOffset? LastInboundWhatsAppAt,
    DateTimeOffset? LastInboundSmsAt)
{
    public bool IsKnown => ContactId is not null;

    public string Label => Name ?? (ProfileName is { Length: > 0 } profile ? $"Unknown sender ({profile})" : "Unknown sender");
}

public sealed record InboxNoteView(long Id, string AuthorName, string Text, DateTimeOffset CreatedAt);

/// <summary>An inbox item as the work panel shows it.</summary>
public sealed record InboxItemDetails(InboundMessage Message, InboxSender Sender, IReadOnlyList<InboxNoteView> Notes);

/// <summary>Reads one item, its sender and its notes.</summary>
public sealed class InboxItemQueries(IDbContextFactory<AppDbContext> contexts)
{
    public async Task<InboxItemDetails?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var message = await db.Set<InboundMessage>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null)
        {
            return null;
        }

        var sender = await SenderOfAsync(db, message.ContactId, message.FromAddress, message.ProfileName, cancellationToken);
        var notes = await db.Set<InboxNote>().AsNoTracking().Where(n => n.InboundMessageId == id).OrderBy(n => n.CreatedAt).ThenBy(n => n.Id)
            .Select(n => new InboxNoteView(n.Id, n.AuthorName, n.Text, n.CreatedAt)).ToListAsync(cancellationToken);
        return new InboxItemDetails(message, sender, notes);
    }

    /// <summary>The sender as stored now (a contact's window moves with every message they send).</summary>
    public async Task<InboxSender> SenderAsync(int? contactId, string phone, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SenderOfAsync(db, contactId, phone, null, cancellationToken);
    }

    private static async Task<InboxSender> SenderOfAsync(AppDbContext db, int? contactId, string phone, string? profileName, CancellationToken cancellationToken)
    {
        var contact = contactId is { } cid ? await db.Set<Contact>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == cid, cancellationToken) : null;
        if (contact is not null)
        {
            return new InboxSender(contact.Id, contact.Phone, contact.Name, profileName, contact.Zone, contact.Language, contact.Consent,
                contact.WhatsAppCapable, contact.LastInboundWhatsAppAt, contact.LastInboundSmsAt);
        }

        // An unknown sender's window is the time of their last WhatsApp message to us.
        var lastWhatsApp = await db.Set<InboundMessage>().Where(m => m.FromAddress == phone && m.Channel == MessageChannel.WhatsApp)
            .OrderByDescending(m => m.ReceivedAt).Select(m => (DateTimeOffset?)m.ReceivedAt).FirstOrDefaultAsync(cancellationToken);
        var lastSms = await db.Set<InboundMessage>().Where(m => m.FromAddress == phone && m.Channel == MessageChannel.Sms)
            .OrderByDescending(m => m.ReceivedAt).Select(m => (DateTimeOffset?)m.ReceivedAt).FirstOrDefaultAsync(cancellationToken);
        var profile = profileName ?? await db.Set<UnknownSender>().Where(u => u.Phone == phone).Select(u => u.ProfileName).FirstOrDefaultAsync(cancellationToken);
        return new InboxSender(null, phone, null, profile, null, null, null, null, lastWhatsApp, lastSms);
    }
}
