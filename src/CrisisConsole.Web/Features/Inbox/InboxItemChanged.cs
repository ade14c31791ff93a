namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// Live event, published after commit: an inbox item was stored, classified, or changed by a responder
/// (assignee, state, a note). Pages re-read what they show; the event only says which item moved.
/// </summary>
public sealed record InboxItemChanged(long InboundMessageId, InboundClassification Classification, TriageState State);
