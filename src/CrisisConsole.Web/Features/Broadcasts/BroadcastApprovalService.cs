using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Dispatch;
using CrisisConsole.Web.Features.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Broadcasts;

/// <summary>A row of the approval queue.</summary>
public sealed record PendingBroadcast(
    int Id,
    string TemplateName,
    IReadOnlyList<string> Segments,
    ChannelPolicy ChannelPolicy,
    bool IsDrill,
    DateTimeOffset? ScheduledFor,
    string CreatedById,
    string CreatedByName,
    DateTimeOffset? SubmittedAt,
    int? IncidentId);

/// <summary>
/// The supervisors' side: the queue, and approving or rejecting. The page and the REST API both call
/// this service, so four eyes, auditing and freezing the recipients are the same for both.
/// <list type="bullet">
/// <item>The author never decides (<see cref="BroadcastStateMachine.EnsureNotAuthor"/>); a refused attempt is audited.</item>
/// <item>Approval writes one Pending delivery per recipient, rebuilds the status counts and marks the
/// broadcast Approved in one transaction, holding the <see cref="DeliveryWriteGate"/>: all or nothing.</item>
/// </list>
/// Rule breaks throw <see cref="BroadcastRuleException"/> (wrong state → 409, own broadcast → 403); an unknown id returns null.
/// </summary>
public sealed partial class BroadcastApprovalService(
    IDbContextFactory<AppDbContext> contexts,
    AuditLog audit,
    LiveEventHub hub,
    DeliveryWriteGate writeGate,
    IOptionsMonitor<DispatchOptions> dispatch,
    TimeProvider clock,
    ILogger<BroadcastApprovalService> logger)
{
    public const int CommentMaxLength = 2_000;

    public async Task<IReadOnlyList<PendingBroadcast>> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<Broadcast>().AsNoTracking()
            .Where(b => b.State == BroadcastState.PendingApproval)
            .OrderBy(b => b.SubmittedAt).ThenBy(b => b.Id)
            .ToListAsync(cancellationToken);
        var names = await BroadcastSegmentNames.LoadAsync(db, rows.SelectMany(b => BroadcastJson.ReadIds(b.SegmentIdsJson)), cancellationToken);
        return rows.Select(b => new PendingBroadcast(b.Id, b.TemplateName,
                BroadcastJson.ReadIds(b.SegmentIdsJson).Select(id => names.GetValueOrDefault(id, $"segment {id}")).ToList(),
                b.ChannelPolicy, b.IsDrill, b.ScheduledFor, b.CreatedById, b.CreatedByName, b.SubmittedAt, b.IncidentId))
            .ToList();
    }

    public async Task<int> PendingCountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Broadcast>().CountAsync(b => b.State == BroadcastState.PendingApproval, cancellationToken);
    }

    /// <summary>
    /// Approves and freezes the recipients as they are now (consent re-checked). Returns the approved
    /// broadcast with its <see cref="Broadcast.RecipientCount"/>, or null for an unknown id.
    /// </summary>
    public async Task<Broadcast?> ApproveAsync(int broadcastId, AuditActor actor, string? comment, CancellationToken cancellationToken = default)
    {
        comment = NormalizeComment(comment);
        if (!await CheckDeciderAsync(broadcastId, actor, "approve", cancellationToken))
        {
            return null;
        }

        var started = clock.GetTimestamp();
        Broadcast broadcast;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Read again inside the write transaction: a decision that landed meanwhile is seen here.
            broadcast = await db.Set<Broadcast>().SingleAsync(b => b.Id == broadcastId, cancellationToken);
            BroadcastStateMachine.EnsureNotAuthor(broadcast, BroadcastAuthor.IdOf(actor));
            BroadcastStateMachine.EnsureCanTransition(broadcast, BroadcastState.Approved);

            var now = clock.GetUtcNow();
            var recipients = await BroadcastRecipientFreezer.FreezeAsync(db, broadcast, dispatch.CurrentValue.WhatsAppProvider, now, cancellationToken);
            await BroadcastStatusCounts.RebuildAsync(db, broadcast.Id, cancellationToken);
            Decide(broadcast, BroadcastState.Approved, actor, comment, now);
            broadcast.RecipientCount = recipients;
            audit.Add(db, actor, AuditActions.BroadcastApproved, nameof(Broadcast), broadcast.Id.ToString(),
                $"Approved {broadcast.TemplateName}: {recipients:N0} deliveries written" + CommentNote(comment));
            if (recipients == 0)
            {
                // Everyone opted out (or left) since it was submitted: there is nothing to send, so it is done.
                BroadcastStateMachine.EnsureCanTransition(broadcast, BroadcastState.Completed);
                broadcast.State = BroadcastState.Completed;
                broadcast.CompletedAt = now;
            }
            await SaveDecisionAsync(db, broadcast, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        LogApproved(logger, broadcast.Id, broadcast.RecipientCount, clock.GetElapsedTime(started).TotalMilliseconds);
        hub.Publish(new ApprovalQueueChanged(broadcast.Id, broadcast.State));
        return broadcast;
    }

    /// <summary>Rejects with an optional comment for the author. Returns null for an unknown id.</summary>
    public async Task<Broadcast?> RejectAsync(int broadcastId, AuditActor actor, string? comment, CancellationToken cancellationToken = default)
    {
        comment = NormalizeComment(comment);
        if (!await CheckDeciderAsync(broadcastId, actor, "reject", cancellationToken))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var broadcast = await db.Set<Broadcast>().SingleAsync(b => b.Id == broadcastId, cancellationToken);
        BroadcastStateMachine.EnsureNotAuthor(broadcast, BroadcastAuthor.IdOf(actor));
        BroadcastStateMachine.EnsureCanTransition(broadcast, BroadcastState.Rejected);
        Decide(broadcast, BroadcastState.Rejected, actor, comment, clock.GetUtcNow());
        audit.Add(db, actor, AuditActions.BroadcastRejected, nameof(Broadcast), broadcast.Id.ToString(),
            $"Rejected {broadcast.TemplateName}" + CommentNote(comment));
        await SaveDecisionAsync(db, broadcast, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        hub.Publish(new ApprovalQueueChanged(broadcast.Id, broadcast.State));
        return broadcast;
    }

    /// <summary>
    /// False for an unknown id. The four-eyes check comes first, outside any write transaction, so a
    /// refused attempt can be audited on its own before the refusal is thrown.
    /// </summary>
    private async Task<bool> CheckDeciderAsync(int broadcastId, AuditActor actor, string verb, CancellationToken cancellationToken)
    {
        Broadcast? broadcast;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            broadcast = await db.Set<Broadcast>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == broadcastId, cancellationToken);
        }

        if (broadcast is null)
        {
            return false;
        }

        try
        {
            BroadcastStateMachine.EnsureNotAuthor(broadcast, BroadcastAuthor.IdOf(actor));
        }
        catch (BroadcastRuleException)
        {
            await audit.RecordAsync(actor, AuditActions.BroadcastApprovalRefused, nameof(Broadcast), broadcast.Id.ToString(),
                $"Refused: the author tried to {verb} their own broadcast ({broadcast.TemplateName})", cancellationToken);
            LogOwnDecisionRefused(logger, broadcast.Id, verb);
            throw;
        }

        return true;
    }

    private static void Decide(Broadcast broadcast, BroadcastState state, AuditActor actor, string? comment, DateTimeOffset now)
    {
        broadcast.State = state;
        broadcast.DecidedById = BroadcastAuthor.IdOf(actor);
        broadcast.DecidedByName = actor.Name;
        broadcast.DecidedAt = now;
        broadcast.DecisionComment = comment;
        broadcast.UpdatedAt = now;
        broadcast.Version = Guid.NewGuid();
    }

    private static async Task SaveDecisionAsync(AppDbContext db, Broadcast broadcast, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new BroadcastRuleException($"Broadcast {broadcast.Id} was changed by someone else meanwhile; reload it.", BroadcastRuleViolation.WrongState);
        }
    }

    private static string? NormalizeComment(string? comment)
    {
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is { Length: > CommentMaxLength })
        {
            throw new ArgumentException($"The comment may be at most {CommentMaxLength} characters.", nameof(comment));
        }

        return comment;
    }

    // The comment is the supervisor's words about the broadcast, not a message body; keep a short excerpt.
    private static string CommentNote(string? comment) =>
        comment is null ? "" : " · comment: " + (comment.Length > 300 ? comment[..300] + "…" : comment);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast {BroadcastId} approved: {Recipients} deliveries written in {ElapsedMs} ms")]
    private static partial void LogApproved(ILogger logger, int broadcastId, int recipients, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broadcast {BroadcastId}: the author tried to {Verb} it; refused")]
    private static partial void LogOwnDecisionRefused(ILogger logger, int broadcastId, string verb);
}

/// <summary>Segment names for display, deleted segments included (a broadcast keeps showing what it was for).</summary>
internal static class BroadcastSegmentNames
{
    public static async Task<Dictionary<int, string>> LoadAsync(AppDbContext db, IEnumerable<int> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Set<Segments.Segment>().AsNoTracking()
            .Where(s => wanted.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.DeletedAt == null ? s.Name : s.Name + " (deleted)", cancellationToken);
    }
}
