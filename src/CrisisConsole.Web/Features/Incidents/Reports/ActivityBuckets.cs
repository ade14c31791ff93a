using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.Dashboard;

namespace CrisisConsole.Web.Features.Incidents.Reports;

/// <summary>
/// Folds per-minute counts ("Delivered", "Safe", "NeedsHelp") into at most a given number of equal buckets of
/// whole minutes, gaps filled with zero, for the dashboard's <see cref="TimelinePoint"/> chart.
/// </summary>
public static class ActivityBuckets
{
    public static IReadOnlyList<TimelinePoint> Of(IEnumerable<(long Minute, string Kind, int Count)> counts, int maxPoints)
    {
        var all = counts.ToList();
        if (all.Count == 0)
        {
            return [];
        }

        var first = all.Min(c => c.Minute);
        // A line needs two points.
        var last = Math.Max(all.Max(c => c.Minute), first + 1);
        var width = Math.Max(1, (last - first + maxPoints) / maxPoints);
        var buckets = (int)((last - first) / width) + 1;
        var delivered = new int[buckets];
        var safe = new int[buckets];
        var help = new int[buckets];
        foreach (var (minute, kind, count) in all)
        {
            var bucket = (int)((minute - first) / width);
            var target = kind switch
            {
                nameof(CheckInAnswer.Safe) => safe,
                nameof(CheckInAnswer.NeedsHelp) => help,
                _ => delivered,
            };
            target[bucket] += count;
        }

        return [.. Enumerable.Range(0, buckets).Select(b => new TimelinePoint(
            DateTimeOffset.FromUnixTimeMilliseconds((first + b * width) * 60_000).UtcDateTime, delivered[b], safe[b], help[b]))];
    }
}
