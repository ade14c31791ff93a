using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Live;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Inbox.Triage;

/// <summary>
/// A responder's changes to an inbox item: assign, unassign, notes, and the state
/// (new → in progress → resolved, and reopening). Each change is audited in the same transaction and
/// announced with <see cref="InboxItemChanged"/> once committed. Changes to the item carry the
/// <see cref="InboundMessage.TriageVersion"/> the responder saw: if someone else changed it since,
/// nothing is written and the answer says so (two responders never silently overwrite each other).
/// Notes only add a row, so they never conflict.
/// </summary>
public sealed class InboxTriageService(IDbContextFactory<AppDbContext> contexts, AuditLog audit, AfterCommitEvents events, TimeProvider clock)
{
    private static readonly string[] TriageRoles = Roles.Triage.Split(',');

    /// <summary>Enabled users who may work the inbox, by name.</summary>
    public async Task<IReadOnlyList<Assignee>> AssigneesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var normalized = TriageRoles.Select(r => r.ToUpperInvariant()).ToList();
        var users = await (
            from user in db.Users
            where !user.IsDisabled && db.UserRoles.Any(ur => ur.UserId == user.Id &&
                db.Roles.Any(r => r.Id == ur.RoleId && normalized.Contains(r.NormalizedName!)))
            select new { user.Id, user.DisplayName, user.Email }).ToListAsync(cancellationToken);
        return users.Select(u => new Assignee(u.Id, NameOf(u.DisplayName, u.Email, u.Id)))
            .OrderBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>
    /// Assigns the item to <paramref name="userId"/> (the actor's own id for "assign to me"). A new item
    /// moves to in progress: someone is on it.
    /// </summary>
    public async Task<InboxTriageResult> AssignAsync(long itemId, Guid seenVersion, string userId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var assignee = await FindAssigneeAsync(db, userId, cancellationToken);
        if (assignee is null)
        {
            return InboxTriageResult.Refused("That person cannot take inbox items: they need the Responder, Supervisor or Admin role and an enabled account.");
        }

        return await ChangeAsync(db, itemId, seenVersion, actor, item =>
        {
            if (item.AssignedToUserId == assignee.UserId)
            {
                return (null, $"This item is already assigned to {assignee.Name}.");
            }

            var before = item.AssignedToName;
            item.AssignedToUserId = assignee.UserId;
            item.AssignedToName = assignee.Name;
            var moved = item.TriageState == TriageState.New;
            if (moved)
            {
                item.TriageState = TriageState.InProgress;
            }

            var details = (before is null ? $"Assigned to {assignee.Name}" : $"Reassigned from {before} to {assignee.Name}") +
                (moved ? "; new → in progress" : "");
            return (new AuditNote(AuditActions.InboxItemAssigned, details), null);
        }, cancellationToken);
    }

    /// <summary>Takes the item off its assignee; an item in progress goes back to new, for someone else to take.</summary>
    public async Task<InboxTriageResult> UnassignAsync(long itemId, Guid seenVersion, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ChangeAsync(db, itemId, seenVersion, actor, item =>
        {
            if (item.AssignedToUserId is null)
            {
                return (null, "This item is not assigned to anyone.");
            }

            var before = item.AssignedToName;
            item.AssignedToUserId = null;
            item.AssignedToName = null;
            var moved = item.TriageState == TriageState.InProgress;
            if (moved)
            {
                item.TriageState = TriageState.New;
            }

            return (new AuditNote(AuditActions.InboxItemUnassigned, $"Unassigned from {before}" + (moved ? "; in progress → new" : "")), null);
        }, cancellationToken);
    }

    /// <summary>Moves the item to <paramref name="state"/>: resolve it, start it, or reopen a resolved one.</summary>
    public async Task<InboxTriageResult> MoveAsync(long itemId, Guid seenVersion, TriageState state, AuditActor actor, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(state))
        {
            return InboxTriageResult.Refused("Choose new, in progress or resolved.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return await ChangeAsync(db, itemId, seenVersion, actor, item =>
        {
            if (item.TriageState == state)
            {
                return (null, $"This item is already {Describe(state)}.");
            }

            var details = $"{Describe(item.TriageState)} → {Describe(state)}" + (item.TriageState == TriageState.Resolved ? " (reopened)" : "");
            item.TriageState = state;
            item.ResolvedAt = state == TriageState.Resolved ? now : null;
            return (new AuditNote(AuditActions.InboxStateChanged, details), null);
        }, cancellationToken);
    }

    /// <summary>Adds an internal note (never sent to the person). The audit entry records that a note was added, not its text.</summary>
    public async Task<InboxTriageResult> AddNoteAsync(long itemId, string? text, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return InboxTriageResult.Refused("Write the note first.");
        }

        if (trimmed.Length > InboxNote.TextMaxLength)
        {
            return InboxTriageResult.Refused($"A note holds at most {InboxNote.TextMaxLength:N0} characters; this one has {trimmed.Length:N0}.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var item = await db.Set<InboundMessage>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == itemId, cancellationToken);
        if (item is null)
        {
            return InboxTriageResult.Refused("This inbox item no longer exists.");
        }

        db.Add(new InboxNote { InboundMessageId = itemId, AuthorId = actor.Id, AuthorName = actor.Name, Text = trimmed, CreatedAt = clock.GetUtcNow() });
        audit.Add(db, actor, AuditActions.InboxNoteAdded, nameof(InboundMessage), itemId.ToString(), $"Note added ({trimmed.Length} characters)");
        await db.SaveChangesAsync(cancellationToken);
        events.Publish(db, new InboxItemChanged(item.Id, item.Classification, item.TriageState));
        await transaction.CommitAsync(cancellationToken);
        return InboxTriageResult.Done(item.TriageVersion);
    }

    public static string Describe(TriageState state) => state switch
    {
        TriageState.New => "new",
        TriageState.InProgress => "in progress",
        _ => "resolved",
    };

    private sealed record AuditNote(string Action, string Details);

    /// <summary>
    /// Loads the item, checks the version the responder saw, applies <paramref name="change"/> (which
    /// returns the audit entry, or a refusal), and saves with the version as concurrency token, so a
    /// change that lands between our read and our write is caught too.
    /// </summary>
    private async Task<InboxTriageResult> ChangeAsync(AppDbContext db, long itemId, Guid seenVersion, AuditActor actor,
        Func<InboundMessage, (AuditNote? Note, string? Refusal)> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var item = await db.Set<InboundMessage>().SingleOrDefaultAsync(m => m.Id == itemId, cancellationToken);
        if (item is null)
        {
            return InboxTriageResult.Refused("This inbox item no longer exists.");
        }

        if (item.TriageVersion != seenVersion)
        {
            return InboxTriageResult.Conflicted();
        }

        var (note, refusal) = change(item);
        if (note is null)
        {
            return InboxTriageResult.Refused(refusal ?? "Nothing to change.");
        }

        item.TriageChangedAt = clock.GetUtcNow();
        item.TriageVersion = Guid.NewGuid();
        audit.Add(db, actor, note.Action, nameof(InboundMessage), itemId.ToString(), note.Details);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return InboxTriageResult.Conflicted();
        }

        events.Publish(db, new InboxItemChanged(item.Id, item.Classification, item.TriageState));
        await transaction.CommitAsync(cancellationToken);
        return InboxTriageResult.Done(item.TriageVersion);
    }

    private static async Task<Assignee?> FindAssigneeAsync(AppDbContext db, string userId, CancellationToken cancellationToken)
    {
        var normalized = TriageRoles.Select(r => r.ToUpperInvariant()).ToList();
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId && !u.IsDisabled && db.UserRoles.Any(ur => ur.UserId == u.Id &&
                db.Roles.Any(r => r.Id == ur.RoleId && normalized.Contains(r.NormalizedName!))))
            .Select(u => new { u.Id, u.DisplayName, u.Email }).SingleOrDefaultAsync(cancellationToken);
        return user is null ? null : new Assignee(user.Id, NameOf(user.DisplayName, user.Email, user.Id));
    }

    private static string NameOf(string? displayName, string? email, string id) =>
        !string.IsNullOrWhiteSpace(displayName) ? displayName : email ?? id;
}
