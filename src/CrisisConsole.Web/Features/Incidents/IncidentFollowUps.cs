using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Segments;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Incidents;

public enum FollowUpKind
{
    /// <summary>"Send update": the incident-update template (category update).</summary>
    Update,

    /// <summary>"Send resolution notice": the all-clear template (category resolution).</summary>
    Resolution,
}

/// <summary>The draft a follow-up button created, or why it could not.</summary>
public sealed record FollowUpResult(int? BroadcastId, string? Error);

/// <summary>
/// One-click follow-ups: a Draft broadcast from the update or resolution template, pre-filled with the
/// incident's segments, variables and drill flag and tied to the incident. The author then finishes it
/// in the composer (<c>/broadcasts/{id}/edit</c>) and submits it; approval applies as always.
/// </summary>
public sealed class IncidentFollowUps(IDbContextFactory<AppDbContext> contexts, BroadcastDraftService drafts)
{
    public const string UpdateTemplate = "incident-update";
    public const string ResolutionTemplate = "all-clear";

    public async Task<FollowUpResult> DraftAsync(int incidentId, FollowUpKind kind, AuditActor actor, CancellationToken cancellationToken = default)
    {
        Incident? incident;
        MessageTemplate? template;
        List<int> liveSegments;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            incident = await db.Set<Incident>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == incidentId, cancellationToken);
            if (incident is null)
            {
                return new FollowUpResult(null, $"There is no incident #{incidentId}.");
            }

            if (incident.State == IncidentState.Closed)
            {
                return new FollowUpResult(null, $"Incident #{incidentId} is closed; nothing more is sent under it.");
            }

            template = await TemplateForAsync(db, kind, cancellationToken);
            if (template is null)
            {
                var (name, category) = kind == FollowUpKind.Update ? (UpdateTemplate, "update") : (ResolutionTemplate, "resolution");
                return new FollowUpResult(null, $"There is no active '{name}' template, nor any other of category {category}; an Admin can add one on the Templates page.");
            }

            // A segment deleted since the incident opened is left out rather than failing the whole draft.
            var wanted = BroadcastJson.ReadIds(incident.SegmentIdsJson);
            liveSegments = await db.Set<Segment>().AsNoTracking().Where(s => wanted.Contains(s.Id) && s.DeletedAt == null)
                .Select(s => s.Id).ToListAsync(cancellationToken);
        }

        var variables = BroadcastJson.ReadVariables(incident.VariablesJson);
        var input = new BroadcastInput
        {
            TemplateId = template.Id,
            Variables = template.Variables.Where(variables.ContainsKey).ToDictionary(v => v, v => variables[v], StringComparer.Ordinal),
            SegmentIds = liveSegments,
            IsDrill = incident.IsDrill,
            IncidentId = incident.Id,
        };
        var result = await drafts.SaveDraftAsync(null, input, actor, cancellationToken);
        return result.Succeeded
            ? new FollowUpResult(result.Broadcast!.Id, null)
            : new FollowUpResult(null, string.Join(" ", result.Errors.Values));
    }

    private static async Task<MessageTemplate?> TemplateForAsync(AppDbContext db, FollowUpKind kind, CancellationToken cancellationToken)
    {
        var (name, category) = kind == FollowUpKind.Update
            ? (UpdateTemplate, TemplateCategory.Update)
            : (ResolutionTemplate, TemplateCategory.Resolution);
        var active = db.Set<MessageTemplate>().AsNoTracking().Where(t => !t.IsRetired);
        return await active.FirstOrDefaultAsync(t => t.Name == name, cancellationToken)
            ?? await active.Where(t => t.Category == category).OrderBy(t => t.Name).FirstOrDefaultAsync(cancellationToken);
    }
}
