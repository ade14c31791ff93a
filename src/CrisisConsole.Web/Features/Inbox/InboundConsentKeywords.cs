using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Phone;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// STOP and START, applied at once inside the webhook's transaction. A contact's consent changes through
/// <see cref="ContactService.ChangeConsent"/> (history and audit), with the source "sms-keyword" or
/// "whatsapp-keyword" and the time the person sent it. From that commit on, <see cref="ContactMessagingPolicy"/>
/// excludes them: segments and approval skip them, and the messaging service re-checks every delivery
/// when it claims it, so pending deliveries of broadcasts already sending fail as opted out instead of going out.
/// </summary>
/// <remarks>
/// An unknown sender's STOP is kept on its <see cref="UnknownSender"/> row (audited): the outbox sends it
/// nothing but the confirmation, and a contact created or imported later with that number starts opted out
/// (<see cref="UnknownSenderConsent"/>), so no import can message them without a fresh START.
/// </remarks>
public sealed class InboundConsentKeywords(ContactService contacts, AuditLog audit)
{
    public const string SmsSource = "sms-keyword";
    public const string WhatsAppSource = "whatsapp-keyword";

    public static string SourceOf(MessageChannel channel) => channel == MessageChannel.WhatsApp ? WhatsAppSource : SmsSource;

    /// <summary>Opts the sender out. True when their consent changed (and a confirmation is due).</summary>
    public Task<bool> OptOutAsync(AppDbContext db, InboundMessage message, Contact? contact, UnknownSender? unknown, CancellationToken cancellationToken) =>
        ChangeAsync(db, message, contact, unknown, ConsentStatus.OptedOut, cancellationToken);

    /// <summary>Opts the sender back in. True when their consent changed.</summary>
    public Task<bool> OptInAsync(AppDbContext db, InboundMessage message, Contact? contact, UnknownSender? unknown, CancellationToken cancellationToken) =>
        ChangeAsync(db, message, contact, unknown, ConsentStatus.OptedIn, cancellationToken);

    private async Task<bool> ChangeAsync(AppDbContext db, InboundMessage message, Contact? contact, UnknownSender? unknown, ConsentStatus status,
        CancellationToken cancellationToken)
    {
        var at = message.SentAt ?? message.ReceivedAt;
        var source = SourceOf(message.Channel);
        var actor = new AuditActor("inbound:" + message.Id, $"{source} from {E164.Mask(message.FromAddress)}");
        bool changed;
        if (contact is not null)
        {
            var tracked = await db.Set<Contact>().SingleAsync(c => c.Id == contact.Id, cancellationToken);
            changed = contacts.ChangeConsent(db, tracked, status, source, actor, at);
        }
        else if (unknown is not null)
        {
            changed = ChangeUnknown(db, unknown, status, source, actor, at);
        }
        else
        {
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        return changed;
    }

    private bool ChangeUnknown(AppDbContext db, UnknownSender unknown, ConsentStatus status, string source, AuditActor actor, DateTimeOffset at)
    {
        var optedOut = unknown.OptedOutAt is not null;
        if (optedOut == (status == ConsentStatus.OptedOut))
        {
            return false;
        }

        unknown.OptedOutAt = status == ConsentStatus.OptedOut ? at : null;
        unknown.OptOutSource = status == ConsentStatus.OptedOut ? source : null;
        audit.Add(db, actor, status == ConsentStatus.OptedOut ? AuditActions.UnknownSenderOptedOut : AuditActions.UnknownSenderOptedIn,
            "UnknownSender", unknown.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{E164.Mask(unknown.Phone)} sent {(status == ConsentStatus.OptedOut ? "an opt-out" : "an opt-in")} keyword (source: {source})");
        return true;
    }
}

/// <summary>
/// Carries an unknown sender's STOP onto a contact created later with the same number: the contact starts
/// opted out, whatever the import or form said, until the person sends START.
/// </summary>
public static class UnknownSenderConsent
{
    /// <summary>The opt-out recorded for <paramref name="phone"/> before it was a contact, if any.</summary>
    public static async Task<(DateTimeOffset At, string Source)?> OptOutOfAsync(AppDbContext db, string phone, CancellationToken cancellationToken)
    {
        var row = await db.Set<UnknownSender>().AsNoTracking()
            .Where(u => u.Phone == phone && u.OptedOutAt != null)
            .Select(u => new { u.OptedOutAt, u.OptOutSource })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : (row.OptedOutAt!.Value, (row.OptOutSource ?? InboundConsentKeywords.SmsSource) + " (before the contact existed)");
    }

    /// <summary>The same, as SQL over the import's connection: one row or none with (OptedOutAt ms, source).</summary>
    public const string ImportLookupSql =
        "SELECT \"OptedOutAt\", COALESCE(\"OptOutSource\", 'sms-keyword') || ' (before the contact existed)' FROM \"UnknownSenders\" " +
        "WHERE \"Phone\" = $phone AND \"OptedOutAt\" IS NOT NULL";
}
