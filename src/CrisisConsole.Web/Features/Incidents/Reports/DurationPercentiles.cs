using CrisisConsole.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Incidents.Reports;

/// <summary>
/// Median and 95th percentile of durations, per group, computed in SQLite: a window function numbers the samples
/// of each group in order and only the (at most four) samples either side of the two percentile positions come
/// back, so 100,000 samples never reach memory.
/// <para>
/// Definition: linear interpolation between the closest ranks (Excel's PERCENTILE.INC, NumPy's default). For n
/// sorted samples the p-th percentile sits at position p·(n−1)/100 (from 0); between two samples it is interpolated.
/// So the median of an even count is the mean of the two middle samples, and one sample is its own median and p95.
/// </para>
/// </summary>
public static class DurationPercentiles
{
    /// <summary>
    /// Runs <paramref name="samplesSelect"/>, a SELECT of (Period TEXT, Grp TEXT, Ms INTEGER) rows, after the
    /// CTEs in <paramref name="withClauses"/> (without the WITH keyword; empty for none), and returns the
    /// statistics per (Period, Grp).
    /// </summary>
    public static async Task<Dictionary<(string Period, string Group), DurationStats>> ComputeAsync(AppDbContext db, string withClauses,
        string samplesSelect, IReadOnlyList<SqliteParameter> parameters, CancellationToken cancellationToken)
    {
        var sql = $"""
            WITH {(withClauses.Length == 0 ? "" : withClauses + ",")}
            samples AS ({samplesSelect}),
            ranked AS (
                SELECT Period, Grp, Ms,
                    ROW_NUMBER() OVER (PARTITION BY Period, Grp ORDER BY Ms) - 1 AS Pos,
                    COUNT(*) OVER (PARTITION BY Period, Grp) AS N
                FROM samples)
            SELECT Period, Grp, Pos, N, Ms FROM ranked
            WHERE Pos IN ((N - 1) * 50 / 100, (N - 1) * 50 / 100 + 1, (N - 1) * 95 / 100, (N - 1) * 95 / 100 + 1)
            """;
        // SqlQueryRaw wants fresh parameter objects each time (a DbParameter belongs to one command).
        var rows = await db.Database.SqlQueryRaw<RankedSample>(sql, [.. parameters.Select(Clone)]).ToListAsync(cancellationToken);
        return rows.GroupBy(r => (r.Period ?? "", r.Grp ?? ""))
            .ToDictionary(g => g.Key, g => Of(g.First().N, g.ToDictionary(r => r.Pos, r => r.Ms)));
    }

    /// <summary>The statistics of n samples, given (at least) the samples at the percentile positions, by position.</summary>
    public static DurationStats Of(long n, IReadOnlyDictionary<long, long> samplesByPosition) => n == 0
        ? DurationStats.None
        : new DurationStats((int)n, At(n, 50, samplesByPosition), At(n, 95, samplesByPosition));

    /// <summary>The same on a full list of samples, in any order: the reference the SQL is tested against.</summary>
    public static DurationStats Of(IEnumerable<TimeSpan> samples)
    {
        var sorted = samples.Select(s => (long)s.TotalMilliseconds).Order().ToList();
        return Of(sorted.Count, sorted.Select((ms, i) => (ms, i)).ToDictionary(x => (long)x.i, x => x.ms));
    }

    private static TimeSpan At(long n, int percent, IReadOnlyDictionary<long, long> samples)
    {
        // Integer arithmetic, so 95% of 20 is exactly position 19 and not 18.999...
        var scaled = (n - 1) * percent;
        var lower = scaled / 100;
        var fraction = scaled % 100 / 100.0;
        var value = (double)samples[lower];
        if (fraction > 0)
        {
            value += fraction * (samples[lower + 1] - samples[lower]);
        }

        return TimeSpan.FromMilliseconds(Math.Round(value));
    }

    private static SqliteParameter Clone(SqliteParameter p) => new(p.ParameterName, p.Value);

    /// <summary>A row of the ranked query (SqlQuery maps by column name).</summary>
    private sealed class RankedSample
    {
        public string? Period { get; set; }
        public string? Grp { get; set; }
        public long Pos { get; set; }
        public long N { get; set; }
        public long Ms { get; set; }
    }
}
