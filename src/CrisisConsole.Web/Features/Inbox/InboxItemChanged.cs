namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// Live event, published after commit: an inbox item was stored, or its classification or triage state
/// changed (by the inbound processing or by a responder).
/// </summary>
public sealed record InboxItemChanged(long InboundMessageId, InboundClassification Classification, TriageState State);
