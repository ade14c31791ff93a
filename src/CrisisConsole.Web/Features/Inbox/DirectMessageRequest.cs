using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Audit;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// A message to one person outside any broadcast. <see cref="ContactId"/> null means an unknown sender,
/// addressed by <see cref="ToAddress"/> (E.164). With <see cref="TemplateId"/> the template is rendered in
/// the person's language with <see cref="Variables"/>; it is the only thing WhatsApp takes outside the
/// 24-hour window.
/// </summary>
public sealed record DirectMessageRequest(int? ContactId, string ToAddress, MessageChannel Channel,
    DirectMessageKind Kind, string Text, long? InReplyToInboundMessageId, AuditActor Actor,
    int? TemplateId = null, IReadOnlyDictionary<string, string>? Variables = null);

/// <summary>The queued message's id, or why nothing was queued (a sentence to show as is).</summary>
public sealed record DirectMessageResult(long? DirectMessageId, string? Error)
{
    public bool Queued => Error is null;

    public static DirectMessageResult Refused(string error) => new(null, error);
}

/// <summary>Live event, after commit: direct messages wait to be sent (wakes <see cref="DirectMessageSender"/>).</summary>
public sealed record DirectMessageQueued(long DirectMessageId);
