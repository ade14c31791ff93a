namespace CrisisConsole.Web.Features.Incidents;

/// <summary>
/// The allowed life of an incident:
/// <list type="bullet">
/// <item>Open → Monitoring or Resolved (an incident may be resolved without a monitoring phase).</item>
/// <item>Monitoring → Open: the situation flared up again. Allowed, because refusing it would push
/// operators to open a second incident for the same event and split its timeline and figures.</item>
/// <item>Monitoring → Resolved; Resolved → Open (it came back before the review) or Closed.</item>
/// <item>Closed is final: the review and the report are written against a fixed record.</item>
/// </list>
/// </summary>
public static class IncidentStateMachine
{
    private static readonly Dictionary<IncidentState, IncidentState[]> Allowed = new()
    {
        [IncidentState.Open] = [IncidentState.Monitoring, IncidentState.Resolved],
        [IncidentState.Monitoring] = [IncidentState.Open, IncidentState.Resolved],
        [IncidentState.Resolved] = [IncidentState.Open, IncidentState.Closed],
        [IncidentState.Closed] = [],
    };

    public static bool CanTransition(IncidentState from, IncidentState to) => Allowed[from].Contains(to);

    public static IReadOnlyList<IncidentState> Next(IncidentState from) => Allowed[from];

    /// <summary>Open or monitoring: people still expect updates, so reminders run and follow-ups make sense.</summary>
    public static bool IsActive(IncidentState state) => state is IncidentState.Open or IncidentState.Monitoring;

    public static string Describe(IncidentState state) => state switch
    {
        IncidentState.Open => "open",
        IncidentState.Monitoring => "monitoring",
        IncidentState.Resolved => "resolved",
        IncidentState.Closed => "closed",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>The API's spelling (open, monitoring, resolved, closed).</summary>
    public static string ToWire(IncidentState state) => Describe(state);

    public static string ToWire(IncidentSeverity severity) => severity.ToString().ToLowerInvariant();

    public static bool TryParseSeverity(string? text, out IncidentSeverity severity)
    {
        severity = default;
        return text is not null && Enum.TryParse(text.Trim(), ignoreCase: true, out severity) && Enum.IsDefined(severity) && !int.TryParse(text, out _);
    }

    /// <summary>What the button that moves an incident to <paramref name="to"/> says.</summary>
    public static string Verb(IncidentState from, IncidentState to) => (from, to) switch
    {
        (_, IncidentState.Monitoring) => "Move to monitoring",
        (_, IncidentState.Resolved) => "Resolve",
        (_, IncidentState.Closed) => "Close",
        (_, IncidentState.Open) => "Reopen",
        _ => to.ToString(),
    };
}
