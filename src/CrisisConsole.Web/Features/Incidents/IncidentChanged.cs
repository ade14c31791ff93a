namespace CrisisConsole.Web.Features.Incidents;

/// <summary>
/// Live event, published after commit: something of an incident changed (state, note, a broadcast of
/// it, a reminder). Incident pages and the communications lead's reminder banner refresh on it.
/// </summary>
public sealed record IncidentChanged(int IncidentId);
