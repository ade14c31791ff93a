namespace CrisisConsole.Web.Features.Incidents;

/// <summary>What opening an incident asks for (console form or <c>POST /api/v1/incidents</c>).</summary>
public sealed class IncidentInput
{
    public const int MaxZones = 50;
    public const int MaxSegments = 50;
    public const int MaxVariables = 20;
    public const int VariableNameMaxLength = 50;
    public const int VariableValueMaxLength = 1000;

    public string Title { get; set; } = "";

    /// <summary>Null until chosen; opening refuses it then.</summary>
    public IncidentSeverity? Severity { get; set; }

    /// <summary>Affected zones, among the zones the contacts have.</summary>
    public List<string> Zones { get; set; } = [];

    /// <summary>Segments follow-ups go to. An enumerable so the segment picker can bind it.</summary>
    public IEnumerable<int> SegmentIds { get; set; } = [];

    /// <summary>Template variables the follow-ups reuse (org, event...).</summary>
    public Dictionary<string, string> Variables { get; set; } = new(StringComparer.Ordinal);

    public bool IsDrill { get; set; }

    public string? ManagerUserId { get; set; }

    public string? CommsLeadUserId { get; set; }
}

/// <summary>The keys of validation messages about an incident.</summary>
public static class IncidentFields
{
    public const string Form = "";
    public const string Title = "title";
    public const string Severity = "severity";
    public const string Zones = "zones";
    public const string Segments = "segments";
    public const string Variables = "variables";
    public const string Manager = "manager";
    public const string CommsLead = "commsLead";
    public const string Note = "note";
}

/// <summary>The stored incident, or the messages (by <see cref="IncidentFields"/> key) that kept the change from happening.</summary>
public sealed record IncidentResult(Incident? Incident, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Incident is not null;

    public bool NotFound { get; init; }

    public string Message => string.Join(" ", Errors.Values);

    public static IncidentResult Ok(Incident incident) => new(incident, new Dictionary<string, string>());

    public static IncidentResult Refused(string field, string message) => new(null, new Dictionary<string, string> { [field] = message });

    public static IncidentResult Missing(int id) =>
        new(null, new Dictionary<string, string> { [IncidentFields.Form] = $"There is no incident #{id}." }) { NotFound = true };
}
