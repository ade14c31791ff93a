using CrisisConsole.Web.Features.Accounts;

namespace CrisisConsole.Web.Features.Incidents.Pages;

/// <summary>Who may see and act on incidents, and how the pages write states and severities.</summary>
public static class IncidentFormat
{
    /// <summary>Responders read incidents too (they triage their answers); only composers act on them.</summary>
    public const string Readers = Roles.Admin + "," + Roles.Supervisor + "," + Roles.Operator + "," + Roles.Responder;

    public const string Actors = Roles.Composers;

    public static string State(IncidentState state) => state switch
    {
        IncidentState.Open => "Open",
        IncidentState.Monitoring => "Monitoring",
        IncidentState.Resolved => "Resolved",
        IncidentState.Closed => "Closed",
        _ => state.ToString(),
    };

    public static string StateClass(IncidentState state) => state switch
    {
        IncidentState.Open => "cc-incident-state cc-incident-open",
        IncidentState.Monitoring => "cc-incident-state cc-incident-monitoring",
        IncidentState.Resolved => "cc-incident-state cc-incident-resolved",
        _ => "cc-incident-state cc-incident-closed",
    };

    public static string Severity(IncidentSeverity severity) => severity.ToString();

    public static string SeverityClass(IncidentSeverity severity) => severity switch
    {
        IncidentSeverity.Critical => "cc-severity cc-severity-critical",
        IncidentSeverity.Major => "cc-severity cc-severity-major",
        _ => "cc-severity cc-severity-minor",
    };

    public static string Kind(IncidentTimelineKind kind) => kind switch
    {
        IncidentTimelineKind.Opened => "Opened",
        IncidentTimelineKind.StateChanged => "State",
        IncidentTimelineKind.Note => "Note",
        IncidentTimelineKind.Figure => "Figures",
        IncidentTimelineKind.Reminder => "Reminder",
        IncidentTimelineKind.ReviewUpdated => "Review",
        _ => "Broadcast",
    };
}
