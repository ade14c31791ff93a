namespace CrisisConsole.Web.Features.Broadcasts;

/// <summary>A broadcast rule was broken (wrong state, own approval...); the message is for people.</summary>
public sealed class BroadcastRuleException(string message, BroadcastRuleViolation violation) : InvalidOperationException(message)
{
    public BroadcastRuleViolation Violation { get; } = violation;
}

public enum BroadcastRuleViolation
{
    /// <summary>The transition is not allowed from the current state (HTTP 409).</summary>
    WrongState,

    /// <summary>The author tried to decide on their own broadcast (HTTP 403).</summary>
    OwnBroadcast,
}

/// <summary>
/// The allowed life of a broadcast:
/// Draft → PendingApproval → Approved | Rejected; Approved → Sending → Paused ⇄ Sending → Completed;
/// Draft, PendingApproval, Approved, Sending and Paused → Cancelled. A rejected broadcast may go back to
/// Draft to be reworked. Nothing leaves Completed or Cancelled.
/// </summary>
public static class BroadcastStateMachine
{
    private static readonly Dictionary<BroadcastState, BroadcastState[]> Allowed = new()
    {
        [BroadcastState.Draft] = [BroadcastState.PendingApproval, BroadcastState.Cancelled],
        [BroadcastState.PendingApproval] = [BroadcastState.Approved, BroadcastState.Rejected, BroadcastState.Draft, BroadcastState.Cancelled],
        [BroadcastState.Rejected] = [BroadcastState.Draft],
        [BroadcastState.Approved] = [BroadcastState.Sending, BroadcastState.Cancelled, BroadcastState.Completed],
        [BroadcastState.Sending] = [BroadcastState.Paused, BroadcastState.Completed, BroadcastState.Cancelled],
        [BroadcastState.Paused] = [BroadcastState.Sending, BroadcastState.Cancelled],
        [BroadcastState.Completed] = [],
        [BroadcastState.Cancelled] = [],
    };

    public static bool CanTransition(BroadcastState from, BroadcastState to) => Allowed[from].Contains(to);

    public static bool IsActive(BroadcastState state) => state is BroadcastState.Approved or BroadcastState.Sending or BroadcastState.Paused;

    public static bool IsEditable(BroadcastState state) => state is BroadcastState.Draft;

    /// <summary>Throws <see cref="BroadcastRuleException"/> unless the transition is allowed.</summary>
    public static void EnsureCanTransition(Broadcast broadcast, BroadcastState to)
    {
        if (!CanTransition(broadcast.State, to))
        {
            throw new BroadcastRuleException(
                $"Broadcast {broadcast.Id} is {Describe(broadcast.State)}; it cannot become {Describe(to)}.",
                BroadcastRuleViolation.WrongState);
        }
    }

    /// <summary>Four eyes: whoever composed a broadcast (person or API key) never approves or rejects it.</summary>
    public static void EnsureNotAuthor(Broadcast broadcast, string deciderId)
    {
        if (string.Equals(broadcast.CreatedById, deciderId, StringComparison.Ordinal))
        {
            throw new BroadcastRuleException(
                "You composed this broadcast, so someone else must approve or reject it.",
                BroadcastRuleViolation.OwnBroadcast);
        }
    }

    public static string Describe(BroadcastState state) => state switch
    {
        BroadcastState.Draft => "a draft",
        BroadcastState.PendingApproval => "pending approval",
        BroadcastState.Approved => "approved",
        BroadcastState.Rejected => "rejected",
        BroadcastState.Sending => "sending",
        BroadcastState.Paused => "paused",
        BroadcastState.Completed => "completed",
        BroadcastState.Cancelled => "cancelled",
        _ => state.ToString(),
    };

    /// <summary>The API's spelling: pending_approval, sending...</summary>
    public static string ToWire(BroadcastState state) => state switch
    {
        BroadcastState.PendingApproval => "pending_approval",
        _ => state.ToString().ToLowerInvariant(),
    };
}
