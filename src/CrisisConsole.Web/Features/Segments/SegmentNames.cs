using CrisisConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Segments;

/// <summary>Segments named in an API request (the alerts and incidents APIs name them, never number them).</summary>
public static class SegmentNames
{
    /// <summary>
    /// The ids of the live segments named (case-insensitive, in the order given); each unknown name is
    /// reported under "segments" in <paramref name="errors"/>, as problem details expect.
    /// </summary>
    public static async Task<List<int>> ResolveAsync(AppDbContext db, IReadOnlyCollection<string> names, Dictionary<string, string[]> errors,
        CancellationToken cancellationToken)
    {
        var live = await db.Set<Segment>().AsNoTracking().Where(s => s.DeletedAt == null).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken);
        var byName = live.ToDictionary(s => s.Name, s => s.Id, StringComparer.OrdinalIgnoreCase);
        var unknown = names.Where(n => !byName.ContainsKey(n)).ToList();
        if (unknown.Count > 0)
        {
            errors["segments"] = [$"Unknown segment{(unknown.Count == 1 ? "" : "s")}: {string.Join(", ", unknown.Select(n => $"'{n}'"))}."];
        }

        return names.Where(byName.ContainsKey).Select(n => byName[n]).ToList();
    }
}
