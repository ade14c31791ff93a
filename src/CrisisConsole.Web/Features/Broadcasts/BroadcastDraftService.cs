using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Incidents;
using CrisisConsole.Web.Features.Live;
using CrisisConsole.Web.Features.Segments;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Broadcasts;

/// <summary>The stored broadcast, or the messages (by <see cref="BroadcastFields"/> key) that kept it from being stored.</summary>
public sealed record BroadcastSaveResult(Broadcast? Broadcast, IReadOnlyDictionary<string, string> Errors, int? Recipients = null)
{
    public bool Succeeded => Broadcast is not null;

    public static BroadcastSaveResult Refused(string field, string message) => new(null, new Dictionary<string, string> { [field] = message });
}

/// <summary>A broadcast with what people read about it: segment names and variable values.</summary>
public sealed record BroadcastDetails(Broadcast Broadcast, IReadOnlyList<string> SegmentNames, IReadOnlyDictionary<string, string> Variables);

/// <summary>
/// The composer's side: drafts (saved and edited by their author, audited) and submitting for approval.
/// The alerts API submits through the same <see cref="SubmitAsync"/>, so both check the same rules:
/// a complete input, a template still active, segments that exist, and at least one recipient.
/// </summary>
public sealed class BroadcastDraftService(
    IDbContextFactory<AppDbContext> contexts,
    AuditLog audit,
    LiveEventHub hub,
    BroadcastPreviewService previews,
    TimeProvider clock)
{
    public async Task<Broadcast?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Broadcast>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
    }

    /// <summary>The author's drafts and rejected broadcasts, newest first, for them to pick up again.</summary>
    public async Task<IReadOnlyList<Broadcast>> OpenDraftsOfAsync(AuditActor author, CancellationToken cancellationToken = default)
    {
        var authorId = BroadcastAuthor.IdOf(author);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Broadcast>().AsNoTracking()
            .Where(b => b.CreatedById == authorId && (b.State == BroadcastState.Draft || b.State == BroadcastState.Rejected))
            .OrderByDescending(b => b.UpdatedAt).Take(20)
            .ToListAsync(cancellationToken);
    }

    public async Task<BroadcastDetails?> GetDetailsAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var broadcast = await db.Set<Broadcast>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (broadcast is null)
        {
            return null;
        }

        var ids = BroadcastJson.ReadIds(broadcast.SegmentIdsJson);
        var names = await BroadcastSegmentNames.LoadAsync(db, ids, cancellationToken);
        return new BroadcastDetails(broadcast, ids.Select(i => names.GetValueOrDefault(i, $"segment {i}")).ToList(),
            BroadcastJson.ReadVariables(broadcast.VariablesJson));
    }

    /// <summary>Creates (id null) or updates a draft. A draft may be incomplete; a rejected broadcast becomes a draft again.</summary>
    public async Task<BroadcastSaveResult> SaveDraftAsync(int? id, BroadcastInput input, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var (checkedInput, errors) = await CheckAsync(input, forSubmit: false, cancellationToken);
        if (errors.Count > 0)
        {
            return new BroadcastSaveResult(null, errors);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (broadcast, refusal) = await WriteAsync(db, id, checkedInput!, actor, cancellationToken);
        if (broadcast is null)
        {
            return BroadcastSaveResult.Refused(BroadcastFields.Form, refusal!);
        }

        await transaction.CommitAsync(cancellationToken);
        return new BroadcastSaveResult(broadcast, new Dictionary<string, string>());
    }

    /// <summary>
    /// Saves (creating when id is null) and sends for approval in one transaction. Refused when the input
    /// is incomplete or nobody would receive the broadcast; <see cref="BroadcastSaveResult.Recipients"/> is the preview's count.
    /// </summary>
    public async Task<BroadcastSaveResult> SubmitAsync(int? id, BroadcastInput input, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var (checkedInput, errors) = await CheckAsync(input, forSubmit: true, cancellationToken);
        if (errors.Count > 0)
        {
            return new BroadcastSaveResult(null, errors);
        }

        var preview = await previews.PreviewAsync(new PreviewRequest(checkedInput!.Template, checkedInput.Values, checkedInput.Input.SegmentIds.ToList(), checkedInput.Input.ContactIds,
            input.ChannelPolicy, input.IsDrill, input.ScheduledFor), cancellationToken);
        if (preview.Recipients == 0)
        {
            var why = preview.Exclusions.Count == 0 ? "the segments and chosen recipients select nobody" : "everyone selected is excluded (" +
                string.Join(", ", preview.Exclusions.Select(e => $"{e.Label.ToLowerInvariant()}: {e.Count:N0}")) + ")";
            return BroadcastSaveResult.Refused(BroadcastFields.Segments, $"No one would receive this broadcast: {why}.");
        }

        Broadcast? broadcast;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            string? refusal;
            (broadcast, refusal) = await WriteAsync(db, id, checkedInput, actor, cancellationToken);
            if (broadcast is null)
            {
                return BroadcastSaveResult.Refused(BroadcastFields.Form, refusal!);
            }

            BroadcastStateMachine.EnsureCanTransition(broadcast, BroadcastState.PendingApproval);
            var now = clock.GetUtcNow();
            broadcast.State = BroadcastState.PendingApproval;
            broadcast.SubmittedAt = now;
            broadcast.UpdatedAt = now;
            broadcast.Version = Guid.NewGuid();
            audit.Add(db, actor, AuditActions.BroadcastSubmitted, nameof(Broadcast), broadcast.Id.ToString(),
                $"Submitted {broadcast.TemplateName} for approval: {preview.Recipients:N0} recipients in the preview" + (broadcast.IsDrill ? " (drill)" : ""));
            if (!await TrySaveAsync(db, cancellationToken))
            {
                return BroadcastSaveResult.Refused(BroadcastFields.Form, "Someone changed this broadcast meanwhile; reload it.");
            }

            await transaction.CommitAsync(cancellationToken);
        }

        hub.Publish(new ApprovalQueueChanged(broadcast.Id, broadcast.State));
        return new BroadcastSaveResult(broadcast, new Dictionary<string, string>(), preview.Recipients);
    }

    /// <summary>Discards a draft (its author only): it becomes Cancelled and stays in the history.</summary>
    public async Task<BroadcastSaveResult> DiscardAsync(int id, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var broadcast = await db.Set<Broadcast>().SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (broadcast is null)
        {
            return BroadcastSaveResult.Refused(BroadcastFields.Form, "This broadcast no longer exists.");
        }

        if (!BroadcastAuthor.IsAuthor(broadcast, actor) || broadcast.State is not (BroadcastState.Draft or BroadcastState.Rejected))
        {
            return BroadcastSaveResult.Refused(BroadcastFields.Form, "Only the author can discard a draft or a rejected broadcast.");
        }

        var now = clock.GetUtcNow();
        if (broadcast.State == BroadcastState.Rejected)
        {
            BroadcastStateMachine.EnsureCanTransition(broadcast, BroadcastState.Draft);
            broadcast.State = BroadcastState.Draft;
        }

        BroadcastStateMachine.EnsureCanTransition(broadcast, BroadcastState.Cancelled);
        broadcast.State = BroadcastState.Cancelled;
        broadcast.CancelledAt = now;
        broadcast.UpdatedAt = now;
        broadcast.Version = Guid.NewGuid();
        audit.Add(db, actor, AuditActions.BroadcastCancelled, nameof(Broadcast), broadcast.Id.ToString(), $"Draft of {broadcast.TemplateName} discarded");
        return await TrySaveAsync(db, cancellationToken)
            ? new BroadcastSaveResult(broadcast, new Dictionary<string, string>())
            : BroadcastSaveResult.Refused(BroadcastFields.Form, "Someone changed this broadcast meanwhile; reload it.");
    }

    private sealed record CheckedInput(BroadcastInput Input, MessageTemplate Template, IReadOnlyDictionary<string, string> Values);

    private async Task<(CheckedInput? Input, Dictionary<string, string> Errors)> CheckAsync(BroadcastInput input, bool forSubmit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = input.TemplateId is { } templateId
            ? await db.Set<MessageTemplate>().AsNoTracking().Include(t => t.Variants).SingleOrDefaultAsync(t => t.Id == templateId && !t.IsRetired, cancellationToken)
            : null;
        var segments = await BroadcastSegments.LiveAsync(db, input.SegmentIds, cancellationToken);
        var (incidentRefusal, mustBeDrill) = await IncidentBroadcastRules.CheckAsync(db, input.IncidentId, cancellationToken);
        if (mustBeDrill && !input.IsDrill)
        {
            // A drill incident's messages are always drills, whatever the form or the API said (the
            // caller's input is marked too, so the composer shows what is saved).
            input.IsDrill = true;
        }

        var errors = BroadcastInputValidator.Validate(input, template, segments, clock.GetUtcNow(), forSubmit, out var values);
        if (incidentRefusal is not null)
        {
            errors[BroadcastFields.IncidentId] = incidentRefusal;
        }

        return errors.Count > 0 ? (null, errors) : (new CheckedInput(input, template!, values), errors);
    }

    /// <summary>Creates or updates the row (not yet committed) and audits it; returns a refusal for people instead when it may not be edited.</summary>
    private async Task<(Broadcast? Broadcast, string? Refusal)> WriteAsync(AppDbContext db, int? id, CheckedInput input, AuditActor actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Broadcast? broadcast;
        BroadcastChangeSummary.Snapshot? before = null;
        if (id is null)
        {
            broadcast = new Broadcast { CreatedById = BroadcastAuthor.IdOf(actor), CreatedByName = actor.Name, CreatedAt = now, State = BroadcastState.Draft };
            db.Set<Broadcast>().Add(broadcast);
        }
        else
        {
            broadcast = await db.Set<Broadcast>().SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
            if (broadcast is null)
            {
                return (null, "This broadcast no longer exists.");
            }

            if (!BroadcastAuthor.IsAuthor(broadcast, actor))
            {
                return (null, $"Only its author ({broadcast.CreatedByName}) can edit this broadcast.");
            }

            if (broadcast.State == BroadcastState.Rejected)
            {
                BroadcastStateMachine.EnsureCanTransition(broadcast, BroadcastState.Draft);
                broadcast.State = BroadcastState.Draft;
                audit.Add(db, actor, AuditActions.BroadcastReopened, nameof(Broadcast), broadcast.Id.ToString(), "Rejected broadcast reopened as a draft");
            }
            else if (!BroadcastStateMachine.IsEditable(broadcast.State))
            {
                return (null, $"This broadcast is {BroadcastStateMachine.Describe(broadcast.State)}; it can no longer be edited.");
            }

            before = BroadcastChangeSummary.Snapshot.Of(broadcast);
        }

        Apply(broadcast, input, now);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return (null, "Someone changed this broadcast meanwhile; reload it.");
        }

        var after = BroadcastChangeSummary.Snapshot.Of(broadcast);
        if (before is null)
        {
            audit.Add(db, actor, AuditActions.BroadcastCreated, nameof(Broadcast), broadcast.Id.ToString(), "Draft created: " + after.Describe());
        }
        else if (BroadcastChangeSummary.Changes(before, after) is { Length: > 0 } changes)
        {
            audit.Add(db, actor, AuditActions.BroadcastUpdated, nameof(Broadcast), broadcast.Id.ToString(), "Draft changed: " + changes);
        }

        // The entries go in the caller's transaction: committed with the change or not at all.
        await db.SaveChangesAsync(cancellationToken);
        return (broadcast, null);
    }

    private static void Apply(Broadcast broadcast, CheckedInput input, DateTimeOffset now)
    {
        var source = input.Input;
        broadcast.TemplateId = input.Template.Id;
        broadcast.TemplateName = input.Template.Name;
        broadcast.VariablesJson = BroadcastJson.WriteVariables(input.Values);
        broadcast.SegmentIdsJson = BroadcastJson.WriteIds(source.SegmentIds);
        broadcast.ContactIdsJson = source.ContactIds.Count == 0 ? null : BroadcastJson.WriteIds(source.ContactIds);
        broadcast.ResendOfBroadcastId = source.ContactIds.Count == 0 ? null : source.ResendOfBroadcastId;
        broadcast.ChannelPolicy = source.ChannelPolicy;
        broadcast.SmsFallbackAfterMinutes = source.ChannelPolicy == ChannelPolicy.WhatsAppThenSms ? source.SmsFallbackAfterMinutes : null;
        broadcast.IsDrill = source.IsDrill;
        broadcast.ScheduledFor = source.ScheduledFor;
        broadcast.IncidentId = source.IncidentId;
        broadcast.UpdatedAt = now;
        broadcast.Version = Guid.NewGuid();
    }

    private static async Task<bool> TrySaveAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}
