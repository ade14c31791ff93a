using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;

namespace CrisisConsole.Web.Features.CheckIns.Unaccounted;

public sealed record ResendDraftResult(int? BroadcastId, int Recipients, string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// "Re-send to non-responders": a Draft broadcast with the same template, values, channels, drill flag
/// and incident, addressed to the unaccounted people one by one (no segments). It is only a draft: the
/// operator previews and submits it, and a supervisor approves it, like any other broadcast.
/// </summary>
public sealed class NonResponderResend(UnaccountedQueries unaccounted, BroadcastDraftService drafts)
{
    public async Task<ResendDraftResult> CreateDraftAsync(int broadcastId, DateTimeOffset? since, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var source = await drafts.GetAsync(broadcastId, cancellationToken);
        if (source is null)
        {
            return new ResendDraftResult(null, 0, $"There is no broadcast #{broadcastId}.");
        }

        if (source.State is BroadcastState.Draft or BroadcastState.PendingApproval or BroadcastState.Rejected or BroadcastState.Approved)
        {
            return new ResendDraftResult(null, 0, $"Broadcast #{broadcastId} has not been sent yet, so nobody can have failed to answer it.");
        }

        var ids = await unaccounted.ContactIdsAsync(broadcastId, since, cancellationToken);
        if (ids.Count == 0)
        {
            return new ResendDraftResult(null, 0, "Everyone has answered: there is nobody to re-send to.");
        }

        var input = new BroadcastInput
        {
            TemplateId = source.TemplateId,
            Variables = BroadcastJson.ReadVariables(source.VariablesJson),
            SegmentIds = [],
            ContactIds = ids,
            ResendOfBroadcastId = source.Id,
            ChannelPolicy = source.ChannelPolicy,
            SmsFallbackAfterMinutes = source.SmsFallbackAfterMinutes,
            IsDrill = source.IsDrill,
            IncidentId = source.IncidentId,
        };
        var saved = await drafts.SaveDraftAsync(null, input, actor, cancellationToken);
        return saved.Succeeded
            ? new ResendDraftResult(saved.Broadcast!.Id, ids.Count, null)
            : new ResendDraftResult(null, ids.Count, "The re-send could not be drafted: " + string.Join(" ", saved.Errors.Values));
    }
}
