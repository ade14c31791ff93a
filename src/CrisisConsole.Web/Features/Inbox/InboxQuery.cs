using System.Globalization;
using System.Text;
using CrisisConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// A page of the triage queue: filters, and where to start. Items come in queue order: priority (needs
/// help first), then received time, then id. Paging by <see cref="Cursor"/> (stable while items arrive) or
/// by <see cref="Offset"/>, not both.
/// </summary>
public sealed record InboxQuery(
    IReadOnlyList<TriageState> States,
    IReadOnlyList<InboundClassification> Classifications,
    string? Zone,
    string? Language,
    int? IncidentId,
    int Limit,
    InboxCursor? Cursor,
    int Offset)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>Reads the query string; errors name the parameter (for a 400 problem details).</summary>
    public static (InboxQuery? Query, Dictionary<string, string[]> Errors) Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>();
        var known = new[] { "state", "classification", "zone", "language", "incidentId", "limit", "cursor", "offset" };
        foreach (var unknown in query.Keys.Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            errors[unknown] = [$"Unknown parameter. Use {string.Join(", ", known)}."];
        }

        var states = ParseList(query, "state", errors, s => s switch
        {
            "new" => TriageState.New,
            "in_progress" => TriageState.InProgress,
            "resolved" => TriageState.Resolved,
            _ => (TriageState?)null,
        }, "new, in_progress, resolved");
        var classifications = ParseList(query, "classification", errors,
            s => Enum.GetValues<InboundClassification>().Select(c => (InboundClassification?)c).FirstOrDefault(c => InboxPriority.ToWire(c!.Value) == s),
            string.Join(", ", Enum.GetValues<InboundClassification>().Select(InboxPriority.ToWire)));
        var limit = ParseInt(query, "limit", errors, 1, MaxLimit) ?? DefaultLimit;
        var offset = ParseInt(query, "offset", errors, 0, int.MaxValue) ?? 0;
        var incidentId = ParseInt(query, "incidentId", errors, 1, int.MaxValue);
        InboxCursor? cursor = null;
        if (query.TryGetValue("cursor", out var cursorText))
        {
            cursor = InboxCursor.Parse(cursorText.ToString());
            if (cursor is null)
            {
                errors["cursor"] = ["Not a cursor this API gave out; pass nextCursor from the previous page as it is."];
            }
            else if (query.ContainsKey("offset"))
            {
                errors["offset"] = ["Use either cursor or offset, not both."];
            }
        }

        var zone = Text(query, "zone", 100, errors);
        var language = Text(query, "language", 35, errors);
        return errors.Count > 0
            ? (null, errors)
            : (new InboxQuery(states, classifications, zone, language, incidentId, limit, cursor, offset), errors);
    }

    /// <summary>One page, plus the cursor of the next one (null on the last page).</summary>
    public async Task<(List<InboundMessage> Items, string? NextCursor)> RunAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var items = db.Set<InboundMessage>().AsNoTracking();
        if (States.Count > 0)
        {
            var states = States.ToList();
            items = items.Where(m => states.Contains(m.TriageState));
        }

        if (Classifications.Count > 0)
        {
            var classifications = Classifications.ToList();
            items = items.Where(m => classifications.Contains(m.Classification));
        }

        if (Zone is { } zone)
        {
            items = items.Where(m => m.Zone != null && m.Zone.ToLower() == zone.ToLower());
        }

        if (Language is { } language)
        {
            var lower = language.ToLowerInvariant();
            items = items.Where(m => m.Language != null && (m.Language.ToLower() == lower || m.Language.ToLower().StartsWith(lower + "-")));
        }

        if (IncidentId is { } incidentId)
        {
            items = items.Where(m => m.IncidentId == incidentId);
        }

        if (Cursor is { } after)
        {
            items = items.Where(m => m.Priority > after.Priority
                || (m.Priority == after.Priority && (m.ReceivedAt > after.ReceivedAt || (m.ReceivedAt == after.ReceivedAt && m.Id > after.Id))));
        }

        var ordered = items.OrderBy(m => m.Priority).ThenBy(m => m.ReceivedAt).ThenBy(m => m.Id);
        var page = await (Cursor is null ? ordered.Skip(Offset) : ordered).Take(Limit + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (page.Count > Limit)
        {
            page.RemoveAt(page.Count - 1);
            var last = page[^1];
            next = new InboxCursor(last.Priority, last.ReceivedAt, last.Id).ToString();
        }

        return (page, next);
    }

    private static List<T> ParseList<T>(IQueryCollection query, string name, Dictionary<string, string[]> errors, Func<string, T?> parse, string allowed)
        where T : struct
    {
        var result = new List<T>();
        if (!query.TryGetValue(name, out var values))
        {
            return result;
        }

        foreach (var value in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (parse(value.ToLowerInvariant()) is { } parsed)
            {
                result.Add(parsed);
            }
            else
            {
                errors[name] = [$"'{Shorten(value)}' is not one of: {allowed}."];
            }
        }

        return result;
    }

    private static int? ParseInt(IQueryCollection query, string name, Dictionary<string, string[]> errors, int min, int max)
    {
        if (!query.TryGetValue(name, out var text))
        {
            return null;
        }

        if (int.TryParse(text.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[name] = [max == int.MaxValue ? $"Must be a whole number of at least {min}." : $"Must be a whole number from {min} to {max}."];
        return null;
    }

    private static string? Text(IQueryCollection query, string name, int maxLength, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        var text = values.ToString().Trim();
        if (text.Length == 0 || text.Length > maxLength)
        {
            errors[name] = [$"Give 1 to {maxLength} characters."];
            return null;
        }

        return text;
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}

/// <summary>Where the next page starts: after the item with this priority, received time and id. Opaque to clients.</summary>
public sealed record InboxCursor(int Priority, DateTimeOffset ReceivedAt, long Id)
{
    public override string ToString() =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(FormattableString.Invariant($"{Priority}.{ReceivedAt.ToUnixTimeMilliseconds()}.{Id}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static InboxCursor? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 100)
        {
            return null;
        }

        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(base64)).Split('.');
            return parts.Length == 3
                   && int.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var priority)
                   && long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var millis)
                   && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                   && millis is >= -62135596800000 and <= 253402300799999
                ? new InboxCursor(priority, DateTimeOffset.FromUnixTimeMilliseconds(millis), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
