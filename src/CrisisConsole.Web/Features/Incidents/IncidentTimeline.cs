using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;

namespace CrisisConsole.Web.Features.Incidents;

/// <summary>Adds timeline entries to a context, in the caller's SaveChanges.</summary>
public static class IncidentTimeline
{
    public static IncidentTimelineEntry Add(AppDbContext db, int incidentId, IncidentTimelineKind kind, string text, AuditActor actor, DateTimeOffset at,
        int? broadcastId = null) =>
        Add(db, incidentId, kind, text, actor.Id, actor.Name, at, broadcastId);

    public static IncidentTimelineEntry Add(AppDbContext db, int incidentId, IncidentTimelineKind kind, string text, string actorId, string actorName,
        DateTimeOffset at, int? broadcastId = null)
    {
        var entry = new IncidentTimelineEntry
        {
            IncidentId = incidentId,
            Kind = kind,
            Text = text.Length > IncidentTimelineEntry.TextMaxLength ? text[..(IncidentTimelineEntry.TextMaxLength - 1)] + "…" : text,
            BroadcastId = broadcastId,
            ActorId = actorId,
            ActorName = actorName,
            At = at,
        };
        db.Set<IncidentTimelineEntry>().Add(entry);
        return entry;
    }
}
