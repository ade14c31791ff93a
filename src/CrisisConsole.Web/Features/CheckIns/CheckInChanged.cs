namespace CrisisConsole.Web.Features.CheckIns;

/// <summary>
/// Live event, published after commit: a contact's current answer to a check-in broadcast was set
/// (<see cref="From"/> null) or replaced.
/// </summary>
public sealed record CheckInChanged(int BroadcastId, int ContactId, CheckInAnswer? From, CheckInAnswer To, DateTimeOffset AnsweredAt);
