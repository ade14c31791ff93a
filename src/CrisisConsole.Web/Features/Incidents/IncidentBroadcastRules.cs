using CrisisConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Incidents;

/// <summary>
/// What an incident asks of a broadcast composed under it (composer and alerts API alike): the incident
/// exists (so the foreign key never fails on save), it is not closed, and a drill's broadcasts are drills.
/// </summary>
public static class IncidentBroadcastRules
{
    /// <returns>The refusal for people (null when allowed), and whether the broadcast must be a drill.</returns>
    public static async Task<(string? Refusal, bool MustBeDrill)> CheckAsync(AppDbContext db, int? incidentId, CancellationToken cancellationToken)
    {
        if (incidentId is not { } id)
        {
            return (null, false);
        }

        var incident = await db.Set<Incident>().AsNoTracking().Where(i => i.Id == id)
            .Select(i => new { i.State, i.IsDrill }).SingleOrDefaultAsync(cancellationToken);
        return incident switch
        {
            null => ($"There is no incident #{id}; choose an open incident or none.", false),
            { State: IncidentState.Closed } => ($"Incident #{id} is closed; nothing more is sent under it. Choose an open incident or none.", incident.IsDrill),
            _ => (null, incident.IsDrill),
        };
    }
}
