namespace CrisisConsole.Web.Features.Broadcasts;

/// <summary>
/// Published on the live hub after a broadcast enters or leaves the approval queue (submitted,
/// approved, rejected, cancelled). Small on purpose: pages re-read what they show.
/// </summary>
public sealed record ApprovalQueueChanged(int BroadcastId, BroadcastState State);
