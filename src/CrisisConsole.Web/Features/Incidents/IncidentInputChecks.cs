using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Incidents;

/// <summary>
/// Checks what opening an incident asks for against the data as it is now: a title and severity, zones
/// some contact has (spelled as stored), segments that exist, sane variables, and enabled users as
/// manager and communications lead. Every problem gets a message under its <see cref="IncidentFields"/> key.
/// </summary>
internal static class IncidentInputChecks
{
    public sealed record Person(string Id, string Name);

    public sealed record CheckedIncident(string Title, IncidentSeverity Severity, List<string> Zones, List<int> SegmentIds,
        Dictionary<string, string> Variables, Person? Manager, Person? CommsLead);

    public static async Task<(CheckedIncident? Values, Dictionary<string, string> Errors)> CheckAsync(AppDbContext db, IncidentInput input,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            errors[IncidentFields.Title] = "Give the incident a title, e.g. \"Flooding in the North zone\".";
        }
        else if (title.Length > Incident.TitleMaxLength)
        {
            errors[IncidentFields.Title] = $"The title may be at most {Incident.TitleMaxLength} characters; it has {title.Length}.";
        }

        if (input.Severity is not { } severity || !Enum.IsDefined(severity))
        {
            errors[IncidentFields.Severity] = "Choose a severity: minor, major or critical.";
            severity = default;
        }

        var zones = await CheckZonesAsync(db, input.Zones, errors, cancellationToken);
        var segmentIds = await CheckSegmentsAsync(db, input.SegmentIds, errors, cancellationToken);
        var variables = CheckVariables(input.Variables, errors);
        var manager = await PersonAsync(db, input.ManagerUserId, IncidentFields.Manager, "incident manager", errors, cancellationToken);
        var commsLead = await PersonAsync(db, input.CommsLeadUserId, IncidentFields.CommsLead, "communications lead", errors, cancellationToken);
        return errors.Count > 0 ? (null, errors) : (new CheckedIncident(title, severity, zones, segmentIds, variables, manager, commsLead), errors);
    }

    private static async Task<List<string>> CheckZonesAsync(AppDbContext db, IEnumerable<string>? given, Dictionary<string, string> errors,
        CancellationToken cancellationToken)
    {
        var wanted = (given ?? []).Select(z => z?.Trim() ?? "").ToList();
        if (wanted.Any(z => z.Length == 0))
        {
            errors[IncidentFields.Zones] = "A zone cannot be empty.";
            return [];
        }

        wanted = wanted.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (wanted.Count > IncidentInput.MaxZones)
        {
            errors[IncidentFields.Zones] = $"Name at most {IncidentInput.MaxZones} zones.";
            return [];
        }

        if (wanted.Count == 0)
        {
            return [];
        }

        // Zones are the contacts' own: the stored spelling wins, so "north" becomes "North".
        var known = await KnownZonesAsync(db, cancellationToken);
        var byName = known.ToDictionary(z => z, z => z, StringComparer.OrdinalIgnoreCase);
        var unknown = wanted.Where(z => !byName.ContainsKey(z)).ToList();
        if (unknown.Count > 0)
        {
            errors[IncidentFields.Zones] = $"No contact is in zone {string.Join(", ", unknown.Select(z => $"'{z}'"))}." +
                (known.Count == 0 ? " No contact has a zone yet." : $" Known zones: {string.Join(", ", known.Take(20))}{(known.Count > 20 ? "…" : "")}.");
            return [];
        }

        return wanted.Select(z => byName[z]).ToList();
    }

    public static async Task<List<string>> KnownZonesAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Set<Contact>().AsNoTracking().Where(c => c.Zone != null && c.Zone != "" && c.DeletedAt == null)
            .Select(c => c.Zone!).Distinct().OrderBy(z => z).ToListAsync(cancellationToken);

    private static async Task<List<int>> CheckSegmentsAsync(AppDbContext db, IEnumerable<int>? given, Dictionary<string, string> errors,
        CancellationToken cancellationToken)
    {
        var wanted = (given ?? []).Distinct().ToList();
        if (wanted.Count > IncidentInput.MaxSegments)
        {
            errors[IncidentFields.Segments] = $"Choose at most {IncidentInput.MaxSegments} segments.";
            return [];
        }

        var live = await db.Set<Segment>().AsNoTracking().Where(s => wanted.Contains(s.Id) && s.DeletedAt == null).Select(s => s.Id).ToListAsync(cancellationToken);
        var missing = wanted.Count - live.Count;
        if (missing > 0)
        {
            errors[IncidentFields.Segments] = missing == 1
                ? "One of the chosen segments no longer exists; remove it."
                : $"{missing} of the chosen segments no longer exist; remove them.";
        }

        return wanted;
    }

    private static Dictionary<string, string> CheckVariables(IReadOnlyDictionary<string, string>? given, Dictionary<string, string> errors)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rawName, rawValue) in given ?? new Dictionary<string, string>())
        {
            var name = rawName?.Trim() ?? "";
            var value = rawValue?.Trim() ?? "";
            if (name.Length == 0 || name.Length > IncidentInput.VariableNameMaxLength || !name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-'))
            {
                errors[IncidentFields.Variables] = $"A variable name is 1 to {IncidentInput.VariableNameMaxLength} letters, digits, '-' or '_' (like the template's {{{{org}}}}); '{name}' is not.";
                return values;
            }

            if (value.Length > IncidentInput.VariableValueMaxLength)
            {
                errors[IncidentFields.Variables] = $"The value of {name} is too long: at most {IncidentInput.VariableValueMaxLength} characters.";
                return values;
            }

            if (value.Length > 0)
            {
                values[name] = value;
            }
        }

        if (values.Count > IncidentInput.MaxVariables)
        {
            errors[IncidentFields.Variables] = $"Give at most {IncidentInput.MaxVariables} variables.";
        }

        return values;
    }

    private static async Task<Person?> PersonAsync(AppDbContext db, string? userId, string field, string role, Dictionary<string, string> errors,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(userId))
        {
            return null;
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Id, u.DisplayName, u.Email, u.IsDisabled })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null || user.IsDisabled)
        {
            errors[field] = user is null ? $"The {role} must be a user of the console." : $"The {role} chosen ({user.DisplayName}) is disabled; choose someone else.";
            return null;
        }

        return new Person(user.Id, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? user.Id : user.DisplayName);
    }
}
