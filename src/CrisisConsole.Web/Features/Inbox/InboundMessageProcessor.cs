using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Live;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// Triages every stored inbound message, inside the webhook's transaction, in this fixed order:
/// <list type="number">
/// <item>match the sender to a contact (the delivery it replies to, else the normalised phone); an unknown
/// number becomes (or updates) an <see cref="UnknownSender"/>, never a segment member;</item>
/// <item>refresh the person's 24-hour window on that channel (the one place that does);</item>
/// <item>link it to the check-in it answers (<see cref="CheckInRecorder"/>) and classify it
/// (<see cref="InboundClassifier"/>); set priority, triage state (safe and consent keywords resolve on
/// arrival), zone, language, broadcast and incident;</item>
/// <item>record a safe / needs-help answer on that check-in; apply STOP / START (<see cref="InboundConsentKeywords"/>);</item>
/// <item>queue the automatic answers (<see cref="AutomaticReplies"/>) behind a savepoint of their own, so a
/// failing reply never undoes the triage or the opt-out.</item>
/// </list>
/// <see cref="InboxItemChanged"/> is published once the transaction commits.
/// </summary>
public sealed partial class InboundMessageProcessor(
    CheckInRecorder checkIns,
    InboundConsentKeywords consent,
    AutomaticReplies replies,
    AfterCommitEvents afterCommit,
    TimeProvider time,
    ILogger<InboundMessageProcessor> logger) : IInboundMessageObserver
{
    public async Task OnStoredAsync(AppDbContext db, InboundMessage message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var at = message.SentAt ?? message.ReceivedAt;
        var contact = await MatchContactAsync(db, message, cancellationToken);
        UnknownSender? unknown = null;
        if (contact is null)
        {
            unknown = await UpsertUnknownSenderAsync(db, message, at, cancellationToken);
        }
        else
        {
            message.ContactId = contact.Id;
            message.Zone = contact.Zone;
            message.Language = contact.Language;
            await RefreshWindowAsync(db, contact.Id, message.Channel, at, cancellationToken);
        }

        message.Language ??= GuessLanguage(message.Text);
        var link = contact is null ? null : await checkIns.FindLinkAsync(db, message, contact.Id, cancellationToken);
        var classification = InboundClassifier.Classify(message.ButtonPayload, message.Text, link is not null);
        message.Classification = classification;
        message.Priority = InboxPriority.Of(classification);
        message.TriageChangedAt = now;
        if (InboxPriority.ResolvesOnArrival(classification))
        {
            message.TriageState = TriageState.Resolved;
            message.ResolvedAt = now;
        }

        if (link is not null)
        {
            message.AnswersBroadcastId = link.BroadcastId;
            message.IncidentId = link.IncidentId;
        }

        await db.SaveChangesAsync(cancellationToken);

        var answerChanged = false;
        if (link is not null && contact is not null && classification is InboundClassification.Safe or InboundClassification.NeedsHelp)
        {
            var answer = classification == InboundClassification.Safe ? CheckInAnswer.Safe : CheckInAnswer.NeedsHelp;
            answerChanged = await checkIns.RecordAsync(db, link.BroadcastId, contact.Id, answer, message, cancellationToken);
        }

        var consentChanged = classification switch
        {
            InboundClassification.OptOut => await consent.OptOutAsync(db, message, contact, unknown, cancellationToken),
            InboundClassification.OptIn => await consent.OptInAsync(db, message, contact, unknown, cancellationToken),
            _ => false,
        };

        afterCommit.Publish(db, new InboxItemChanged(message.Id, message.Classification, message.TriageState));
        await QueueRepliesAsync(db, new InboundOutcome(message, contact, answerChanged, consentChanged), cancellationToken);
    }

    private async Task QueueRepliesAsync(AppDbContext db, InboundOutcome outcome, CancellationToken cancellationToken)
    {
        const string savepoint = "inbound_replies";
        var transaction = db.Database.CurrentTransaction!;
        await transaction.CreateSavepointAsync(savepoint, cancellationToken);
        try
        {
            await replies.QueueAsync(db, outcome, cancellationToken);
            await transaction.ReleaseSavepointAsync(savepoint, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await transaction.RollbackToSavepointAsync(savepoint, cancellationToken);
            InboundMessageObservers.DiscardPendingChanges(db);
            LogRepliesFailed(logger, outcome.Message.Id, exception);
        }
    }

    /// <summary>The contact the message replies to a delivery of, else the live contact with the sender's number.</summary>
    private static async Task<Contact?> MatchContactAsync(AppDbContext db, InboundMessage message, CancellationToken cancellationToken)
    {
        if (message.ReplyToProviderMessageId is { Length: > 0 } replyTo)
        {
            var repliedContactId = await db.Set<Delivery>().Where(d => d.ProviderMessageId == replyTo).Select(d => d.ContactId).FirstOrDefaultAsync(cancellationToken);
            if (repliedContactId is { } id &&
                await db.Set<Contact>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, cancellationToken) is { } replied)
            {
                return replied;
            }
        }

        return await db.Set<Contact>().AsNoTracking().FirstOrDefaultAsync(c => c.Phone == message.FromAddress && c.DeletedAt == null, cancellationToken);
    }

    /// <summary>One row per unknown number (insert or update in one statement), then read back for the consent step.</summary>
    private static async Task<UnknownSender> UpsertUnknownSenderAsync(AppDbContext db, InboundMessage message, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var atMs = at.ToUnixTimeMilliseconds();
        var profile = message.ProfileName is { Length: > 256 } name ? name[..256] : message.ProfileName;
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO UnknownSenders (Phone, ProfileName, FirstSeenAt, LastSeenAt, MessageCount) VALUES ({message.FromAddress}, {profile}, {atMs}, {atMs}, 1)
            ON CONFLICT (Phone) DO UPDATE SET MessageCount = MessageCount + 1, LastSeenAt = MAX(LastSeenAt, excluded.LastSeenAt),
                FirstSeenAt = MIN(FirstSeenAt, excluded.FirstSeenAt), ProfileName = COALESCE(excluded.ProfileName, ProfileName)
            """, cancellationToken);
        return await db.Set<UnknownSender>().SingleAsync(u => u.Phone == message.FromAddress, cancellationToken);
    }

    /// <summary>Any message opens the person's 24-hour window on its channel; a late older message never closes it.</summary>
    private static Task RefreshWindowAsync(AppDbContext db, int contactId, MessageChannel channel, DateTimeOffset at, CancellationToken cancellationToken) =>
        channel == MessageChannel.WhatsApp
            ? db.Set<Contact>()
                .Where(c => c.Id == contactId && (c.LastInboundWhatsAppAt == null || c.LastInboundWhatsAppAt < at))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastInboundWhatsAppAt, at), cancellationToken)
            : db.Set<Contact>()
                .Where(c => c.Id == contactId && (c.LastInboundSmsAt == null || c.LastInboundSmsAt < at))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastInboundSmsAt, at), cancellationToken);

    /// <summary>For an unknown sender, Arabic script says "ar"; otherwise we do not guess (replies use the default language).</summary>
    internal static string? GuessLanguage(string? text) =>
        text is not null && text.Any(c => c is >= '\u0600' and <= '\u06FF') ? "ar" : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "Automatic replies to inbound message {InboundMessageId} failed; the message and its triage are kept")]
    private static partial void LogRepliesFailed(ILogger logger, long inboundMessageId, Exception exception);
}

/// <summary>What the triage of one message decided, for the automatic replies.</summary>
public sealed record InboundOutcome(InboundMessage Message, Contact? Contact, bool CheckInAnswerChanged, bool ConsentChanged);
