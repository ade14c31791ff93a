using System.Data.Common;
using CrisisConsole.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Audit;

/// <summary>
/// The audit page must stay fast over millions of rows. Timing it here would be flaky, so this
/// checks what makes it fast: SQLite's plan for each filter reads an index, never the whole table,
/// and the common views need no sort.
/// </summary>
public sealed class AuditQueryPlanTests : IDisposable
{
    private static readonly DateTimeOffset Day = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
    private readonly AuditTestDatabase database = new();

    public void Dispose() => database.Dispose();

    [Theory]
    [InlineData(false, false, "SCAN a USING INDEX IX_AuditEntries_At")]
    [InlineData(true, false, "SEARCH a USING INDEX IX_AuditEntries_Action_At (Action=?)")]
    [InlineData(false, true, "SEARCH a USING INDEX IX_AuditEntries_At (At>? AND At<?)")]
    [InlineData(true, true, "SEARCH a USING INDEX IX_AuditEntries_Action_At (Action=? AND At>? AND At<?)")]
    public async Task A_page_of_entries_reads_the_index_that_fits_the_filter_in_order(bool byAction, bool byDates, string expected)
    {
        var filter = new AuditFilter(
            Action: byAction ? AuditActions.SignIn : null,
            From: byDates ? Day : null,
            To: byDates ? Day.AddDays(7) : null);

        var plan = await PlanAsync(filter, actorIds: null);

        Assert.Equal([expected], plan);
    }

    [Fact]
    public async Task One_actor_reads_the_actor_index_in_order()
    {
        var plan = await PlanAsync(new AuditFilter(), actorIds: ["u-1"]);

        Assert.Equal(["SEARCH a USING INDEX IX_AuditEntries_ActorId_At (ActorId=?)"], plan);
    }

    [Fact]
    public async Task Several_actors_still_search_the_actor_index()
    {
        var plan = await PlanAsync(new AuditFilter(), actorIds: ["u-1", "apikey:3"]);

        Assert.Contains(plan, line => line.Contains("IX_AuditEntries_ActorId_At", StringComparison.Ordinal));
        Assert.DoesNotContain("SCAN a", plan);
    }

    private async Task<List<string>> PlanAsync(AuditFilter filter, IReadOnlyCollection<string>? actorIds)
    {
        await using var db = database.CreateDbContext();
        var query = AuditQueryService.NewestFirst(AuditQueryService.Filter(db.Set<AuditEntry>(), filter, actorIds)).Skip(50).Take(50);
        await using DbCommand command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        await db.Database.OpenConnectionAsync();
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }
}
