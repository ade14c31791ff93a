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

/// <summary>
/// Turns an inbound message into a check-in. For every stored message it finds the contact (by the
/// delivery it replies to, else by phone), opens their 24-hour window on that channel, and, when the
/// message reads as an answer (<see cref="CheckInAnswerClassifier"/>), records it against the check-in
/// broadcast it answers:
/// <list type="number">
/// <item>the broadcast of the delivery it replies to (WhatsApp's reply context), if that is a check-in;</item>
/// <item>else the latest check-in broadcast sent to the contact within <see cref="CheckInOptions.LinkWindowHours"/>.</item>
/// </list>
/// The latest answer (by the time the person sent it) is current; every answer is kept as a
/// <see cref="CheckInChange"/>. Runs inside the webhook's transaction; <see cref="CheckInChanged"/> is
/// published after it commits.
/// </summary>
public sealed partial class CheckInRecorder(
    IOptionsMonitor<CheckInOptions> options,
    AfterCommitEvents afterCommit,
    TimeProvider time,
    ILogger<CheckInRecorder> logger) : IInboundMessageObserver
{
    public async Task OnStoredAsync(AppDbContext db, InboundMessage message, CancellationToken cancellationToken)
    {
        var answeredAt = message.SentAt ?? message.ReceivedAt;
        var replied = message.ReplyToProviderMessageId is { Length: > 0 } replyTo
            ? await RepliedDeliveryAsync(db, replyTo, cancellationToken)
            : null;
        var contactId = replied?.ContactId ?? await ContactByPhoneAsync(db, message.FromAddress, cancellationToken);
        if (contactId is not { } contact)
        {
            return;
        }

        message.ContactId ??= contact;
        await OpenWindowAsync(db, contact, message.Channel, answeredAt, cancellationToken);

        if (CheckInAnswerClassifier.Classify(message.ButtonPayload, message.Text) is not { } answer)
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var broadcastId = replied is { IsCheckIn: true } && replied.ContactId == contact
            ? replied.BroadcastId
            : await LatestCheckInBroadcastAsync(db, contact, answeredAt, cancellationToken);
        if (broadcastId is not { } broadcast)
        {
            LogNoBroadcast(logger, message.Id);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        await RecordAsync(db, broadcast, contact, answer, answeredAt, message.Id, cancellationToken);
    }

    private async Task RecordAsync(AppDbContext db, int broadcastId, int contactId, CheckInAnswer answer, DateTimeOffset answeredAt,
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
    }

    private static Task<RepliedDelivery?> RepliedDeliveryAsync(AppDbContext db, string providerMessageId, CancellationToken cancellationToken) =>
        (from d in db.Set<Delivery>()
         where d.ProviderMessageId == providerMessageId
         join b in db.Set<Broadcast>() on d.BroadcastId equals (int?)b.Id
         join t in db.Set<MessageTemplate>() on b.TemplateId equals t.Id
         select new RepliedDelivery(b.Id, d.ContactId, t.Category == TemplateCategory.CheckIn))
        .FirstOrDefaultAsync(cancellationToken);

    private static Task<int?> ContactByPhoneAsync(AppDbContext db, string phone, CancellationToken cancellationToken) =>
        db.Set<Contact>().Where(c => c.Phone == phone && c.DeletedAt == null).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// The check-in broadcast last sent to the contact before the answer and within the window. A
    /// delivery counts once the provider took it (it has a provider id) and it has not failed; its time is
    /// when it was sent, or when it was created if no "sent" report came.
    /// </summary>
    private Task<int?> LatestCheckInBroadcastAsync(AppDbContext db, int contactId, DateTimeOffset answeredAt, CancellationToken cancellationToken)
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
                select (int?)b.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Any message from the person opens their 24-hour window on its channel; a late older message never closes it.</summary>
    private static Task OpenWindowAsync(AppDbContext db, int contactId, MessageChannel channel, DateTimeOffset at, CancellationToken cancellationToken) =>
        channel == MessageChannel.WhatsApp
            ? db.Set<Contact>()
                .Where(c => c.Id == contactId && (c.LastInboundWhatsAppAt == null || c.LastInboundWhatsAppAt < at))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastInboundWhatsAppAt, at), cancellationToken)
            : db.Set<Contact>()
                .Where(c => c.Id == contactId && (c.LastInboundSmsAt == null || c.LastInboundSmsAt < at))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastInboundSmsAt, at), cancellationToken);

    private sealed record RepliedDelivery(int BroadcastId, int? ContactId, bool IsCheckIn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound message {InboundMessageId} reads as a check-in answer but no check-in broadcast was sent to its contact within the window")]
    private static partial void LogNoBroadcast(ILogger logger, long inboundMessageId);
}
