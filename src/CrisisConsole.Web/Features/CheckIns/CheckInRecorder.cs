using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Inbox;
using CrisisConsole.Web.Features.Live;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.CheckIns;

/// <summary>Which check-in broadcast a message answers, and how that was decided.</summary>
public sealed record CheckInLink(int BroadcastId, int? IncidentId, bool ByReplyContext);

/// <summary>
/// Links inbound messages to check-in broadcasts and records answers. The inbox's
/// <see cref="InboundMessageProcessor"/> calls it for every stored message, inside the webhook's transaction:
/// <list type="number">
/// <item><see cref="FindLinkAsync"/>: the broadcast of the delivery the message replies to (WhatsApp's reply
/// context, Twilio's OriginalRepliedMessageSid), if that is a check-in sent to this contact;</item>
/// <item>else the latest check-in broadcast sent to the contact within <see cref="CheckInOptions.LinkWindowHours"/>;</item>
/// <item>an older one is not guessed.</item>
/// </list>
/// <see cref="RecordAsync"/> keeps the latest answer (by the time the person sent it) current and every
/// answer as a <see cref="CheckInChange"/>; <see cref="CheckInChanged"/> is published after commit.
/// </summary>
public sealed partial class CheckInRecorder(
    IOptionsMonitor<CheckInOptions> options,
    AfterCommitEvents afterCommit,
    TimeProvider time,
    ILogger<CheckInRecorder> logger)
{
    /// <summary>The check-in broadcast <paramref name="message"/> (from <paramref name="contactId"/>) answers, or null.</summary>
    public async Task<CheckInLink?> FindLinkAsync(AppDbContext db, InboundMessage message, int contactId, CancellationToken cancellationToken)
    {
        if (message.ReplyToProviderMessageId is { Length: > 0 } replyTo &&
            await RepliedCheckInAsync(db, replyTo, contactId, cancellationToken) is { } replied)
        {
            return replied;
        }

        var link = await LatestCheckInBroadcastAsync(db, contactId, message.SentAt ?? message.ReceivedAt, cancellationToken);
        if (link is null)
        {
            LogNoBroadcast(logger, message.Id);
        }

        return link;
    }

    /// <summary>
    /// Records <paramref name="answer"/> for the contact's check-in of the broadcast. Returns true when the
    /// contact's current answer changed (a first answer, or a different one that is the latest).
    /// </summary>
    public async Task<bool> RecordAsync(AppDbContext db, int broadcastId, int contactId, CheckInAnswer answer, InboundMessage message,
        CancellationToken cancellationToken) =>
        await RecordAsync(db, broadcastId, contactId, answer, message.SentAt ?? message.ReceivedAt, message.Id, cancellationToken);

    private async Task<bool> RecordAsync(AppDbContext db, int broadcastId, int contactId, CheckInAnswer answer, DateTimeOffset answeredAt,
        long inboundMessageId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var checkIn = await db.Set<CheckIn>().FirstOrDefaultAsync(c => c.BroadcastId == broadcastId && c.ContactId == contactId, cancellationToken);
        CheckInAnswer? previous = checkIn?.Answer;
        // Equal times: the one processed last wins, which is the order the provider delivered them in.
        var applies = checkIn is null || answeredAt >= checkIn.AnsweredAt;
        if (checkIn is null)
        {
            checkIn = new CheckIn { BroadcastId = broadcastId, ContactId = contactId, CreatedAt = now };
            db.Add(checkIn);
        }

        if (applies)
        {
            checkIn.Answer = answer;
            checkIn.AnsweredAt = answeredAt;
            checkIn.InboundMessageId = inboundMessageId;
            checkIn.UpdatedAt = now;
        }

        checkIn.Changes.Add(new CheckInChange
        {
            From = previous,
            To = answer,
            AnsweredAt = answeredAt,
            Applied = applies,
            InboundMessageId = inboundMessageId,
            RecordedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);

        if (applies)
        {
            await CheckInCounts.MoveAsync(db, broadcastId, previous, answer, cancellationToken);
            afterCommit.Publish(db, new CheckInChanged(broadcastId, contactId, previous, answer, answeredAt));
        }

        return applies && previous != answer;
    }

    private static Task<CheckInLink?> RepliedCheckInAsync(AppDbContext db, string providerMessageId, int contactId, CancellationToken cancellationToken) =>
        (from d in db.Set<Delivery>()
         where d.ProviderMessageId == providerMessageId && d.ContactId == contactId
         join b in db.Set<Broadcast>() on d.BroadcastId equals (int?)b.Id
         join t in db.Set<MessageTemplate>() on b.TemplateId equals t.Id
         where t.Category == TemplateCategory.CheckIn
         select new CheckInLink(b.Id, b.IncidentId, true))
        .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// The check-in broadcast last sent to the contact before the answer and within the window. A
    /// delivery counts once the provider took it (it has a provider id) and it has not failed; its time is
    /// when it was sent, or when it was created if no "sent" report came.
    /// </summary>
    private Task<CheckInLink?> LatestCheckInBroadcastAsync(AppDbContext db, int contactId, DateTimeOffset answeredAt, CancellationToken cancellationToken)
    {
        var since = answeredAt - TimeSpan.FromHours(options.CurrentValue.LinkWindowHours);
        return (from d in db.Set<Delivery>()
                where d.ContactId == contactId && d.ProviderMessageId != null
                      && d.Status != DeliveryStatus.Failed && d.Status != DeliveryStatus.Undelivered
                      && d.CreatedAt <= answeredAt && (d.SentAt ?? d.CreatedAt) >= since
                join b in db.Set<Broadcast>() on d.BroadcastId equals (int?)b.Id
                join t in db.Set<MessageTemplate>() on b.TemplateId equals t.Id
                where t.Category == TemplateCategory.CheckIn
                orderby d.SentAt ?? d.CreatedAt descending, d.Id descending
                select new CheckInLink(b.Id, b.IncidentId, false))
            .FirstOrDefaultAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Inbound message {InboundMessageId}: no check-in broadcast was sent to its contact within the window")]
    private static partial void LogNoBroadcast(ILogger logger, long inboundMessageId);
}
