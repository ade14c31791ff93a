using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// The answers the console sends by itself, queued through the <see cref="DirectMessageOutbox"/> in the
/// inbound webhook's transaction, on the channel the person wrote on:
/// <list type="bullet">
/// <item>one confirmation when STOP or START changed their consent (on SMS only if
/// InboundReplies:ConfirmKeywordsOnSms: Twilio answers keywords itself on real numbers);</item>
/// <item>an acknowledgement when their check-in answer changed to safe or needs help (not for a repeat of the
/// same answer, never twice for one message); on SMS only if InboundReplies:AcknowledgeOnSms;</item>
/// <item>the admin's keyword auto-reply (<see cref="KeywordAutoReplyMatcher"/>).</item>
/// </list>
/// WhatsApp free text goes only inside the 24-hour window; the outbox refuses it otherwise and that is fine:
/// nothing automatic is worth a paid template.
/// </summary>
public sealed partial class AutomaticReplies(DirectMessageOutbox outbox, IOptionsMonitor<InboundRepliesOptions> options, ILogger<AutomaticReplies> logger)
{
    public async Task QueueAsync(AppDbContext db, InboundOutcome outcome, CancellationToken cancellationToken)
    {
        var message = outcome.Message;
        var settings = options.CurrentValue;
        var language = outcome.Contact?.Language ?? message.Language;
        var sms = message.Channel == MessageChannel.Sms;
        switch (message.Classification)
        {
            case InboundClassification.OptOut or InboundClassification.OptIn:
                if (outcome.ConsentChanged && (!sms || settings.ConfirmKeywordsOnSms))
                {
                    var optOut = message.Classification == InboundClassification.OptOut;
                    await QueueAsync(db, message, outcome, optOut ? DirectMessageKind.OptOutConfirmation : DirectMessageKind.OptInConfirmation,
                        InboundRepliesOptions.Pick(optOut ? ConsentConfirmationTexts.OptOut : ConsentConfirmationTexts.OptIn, language), cancellationToken);
                }

                // A keyword message gets its confirmation and nothing else.
                return;
            case InboundClassification.Safe or InboundClassification.NeedsHelp
                when outcome.CheckInAnswerChanged && settings.AcknowledgeAnswers && (!sms || settings.AcknowledgeOnSms):
                var texts = message.Classification == InboundClassification.Safe ? settings.Safe : settings.NeedsHelp;
                await QueueAsync(db, message, outcome, DirectMessageKind.Acknowledgement, InboundRepliesOptions.Pick(texts, language), cancellationToken);
                break;
        }

        if (await KeywordAutoReplyMatcher.FindAsync(db, message.Text, cancellationToken) is { } keyword)
        {
            await QueueAsync(db, message, outcome, DirectMessageKind.AutoReply, keyword.ReplyFor(language), cancellationToken);
        }
    }

    private async Task QueueAsync(AppDbContext db, InboundMessage message, InboundOutcome outcome, DirectMessageKind kind, string? text,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var result = await outbox.QueueAsync(db,
            new DirectMessageRequest(outcome.Contact?.Id, message.FromAddress, message.Channel, kind, text, message.Id, AuditActor.System),
            cancellationToken);
        if (!result.Queued)
        {
            LogNotQueued(logger, kind, message.Id, result.Error!);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No {Kind} sent for inbound message {InboundMessageId}: {Reason}")]
    private static partial void LogNotQueued(ILogger logger, DirectMessageKind kind, long inboundMessageId, string reason);
}
