namespace CrisisConsole.Web.Features.Inbox.Triage;

/// <summary>
/// The answer to a responder's change: the item's new <see cref="Version"/> when it was made, or why not.
/// <see cref="Conflict"/> means someone else changed the item first; the page reloads it and says so.
/// </summary>
public sealed record InboxTriageResult(Guid? Version, string? Error, bool Conflict = false)
{
    public const string ConflictMessage = "Someone else changed this item; it has been reloaded. Check it and try again.";

    public bool Succeeded => Error is null;

    public static InboxTriageResult Done(Guid version) => new(version, null);

    public static InboxTriageResult Refused(string error) => new(null, error);

    public static InboxTriageResult Conflicted() => new(null, ConflictMessage, Conflict: true);
}

/// <summary>Someone an item can be assigned to: an enabled Responder, Supervisor or Admin.</summary>
public sealed record Assignee(string UserId, string Name);
