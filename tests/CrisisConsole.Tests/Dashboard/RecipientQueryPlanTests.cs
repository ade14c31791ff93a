using System.Data.Common;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Dashboard;

/// <summary>
/// The recipients table must stay fast at 100,000 deliveries. Timing it here would be flaky, so this
/// checks what makes it fast: SQLite's plan reads the broadcast's rows through an index, in delivery
/// order, without sorting them, and joins people and answers by key.
/// </summary>
public sealed class RecipientQueryPlanTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public async Task InitializeAsync()
    {
        await using var db = database.CreateContext();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        database.Dispose();
        return Task.CompletedTask;
    }

    public static TheoryData<string, RecipientFilter, string> Filters => new()
    {
        { "all", new RecipientFilter(), "SEARCH d USING INDEX IX_Deliveries_BroadcastId (BroadcastId=?)" },
        { "by status", new RecipientFilter(DeliveryStatus.Failed), "SEARCH d USING INDEX IX_Deliveries_BroadcastId_Status (BroadcastId=? AND Status=?)" },
        { "no answer", new RecipientFilter(Answer: AnswerFilter.NoAnswer), "SEARCH d USING INDEX IX_Deliveries_BroadcastId (BroadcastId=?)" },
        { "by zone", new RecipientFilter(Zone: "North"), "SEARCH d USING INDEX IX_Deliveries_BroadcastId (BroadcastId=?)" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task A_page_of_recipients_reads_the_broadcast_by_index_in_order(string view, RecipientFilter filter, string deliveriesStep)
    {
        var plan = await PlanAsync(filter);

        Assert.True(plan.Contains(deliveriesStep), $"{view}: {string.Join(" | ", plan)}");
        Assert.DoesNotContain(plan, line => line.StartsWith("SCAN", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_answer_filter_searches_the_check_in_index()
    {
        var plan = await PlanAsync(new RecipientFilter(Answer: AnswerFilter.NeedsHelp));

        Assert.DoesNotContain(plan, line => line.StartsWith("SCAN", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("IX_CheckIns_BroadcastId", StringComparison.Ordinal));
    }

    private async Task<List<string>> PlanAsync(RecipientFilter filter)
    {
        await using var db = database.CreateContext();
        var query = BroadcastDetailQueries.Recipients(db, 7, filter).Skip(50).Take(25);
        return await ExplainAsync(db, query.CreateDbCommand());
    }

    internal static async Task<List<string>> ExplainAsync(AppDbContext db, DbCommand command)
    {
        await using (command)
        {
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
}
