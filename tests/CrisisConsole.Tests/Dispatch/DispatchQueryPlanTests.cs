using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Dispatch;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Dispatch;

/// <summary>
/// The messaging service's recurring queries run several times a second over tables of 100,000 rows.
/// Timing them here would be flaky, so this checks what keeps them fast: SQLite seeks an index for each
/// and never scans the deliveries.
/// </summary>
public sealed class DispatchQueryPlanTests : IDisposable
{
    private readonly TestDatabase database = new();

    public void Dispose() => database.Dispose();

    public static TheoryData<string, string, string> Queries => new()
    {
        { "claim", DeliveryClaimer.ClaimSql, "SEARCH Deliveries USING INDEX IX_Deliveries_Dispatch (BroadcastId=? AND Provider=? AND Status=? AND NextAttemptAt<?)" },
        { "fallback sweep", SmsFallbackScheduler.DueTimersSql, "SEARCH Deliveries USING INDEX IX_Deliveries_Dispatch (BroadcastId=? AND Provider=? AND Status=? AND NextAttemptAt<?)" },
        { "completion", BroadcastControlService.FinishedSql, "SEARCH Deliveries USING COVERING INDEX IX_Deliveries_Dispatch (BroadcastId=? AND Provider=? AND Status=? AND NextAttemptAt>?)" },
        { "reconcile on start", DeliveryReconciler.ClaimedPageSql(everything: true), "SEARCH d USING INDEX IX_Deliveries_ClaimedAt (ClaimedAt>?)" },
        { "reconcile while running", DeliveryReconciler.ClaimedPageSql(everything: false), "SEARCH d USING INDEX IX_Deliveries_ClaimedAt (ClaimedAt>?)" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Each_recurring_query_seeks_an_index_instead_of_scanning_the_deliveries(string name, string sql, string expected)
    {
        await using var db = database.CreateContext();
        await db.Database.MigrateAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var parameter in new[] { "$now", "$b", "$provider", "$pending", "$limit", "$afterClaim", "$afterId" })
        {
            if (sql.Contains(parameter, StringComparison.Ordinal))
            {
                var value = command.CreateParameter();
                value.ParameterName = parameter;
                value.Value = parameter is "$provider" or "$pending" ? "x" : 1L;
                command.Parameters.Add(value);
            }
        }

        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.True(plan.Contains(expected), $"{name}: {string.Join(" | ", plan)}");
        Assert.DoesNotContain(plan, line => line.StartsWith("SCAN", StringComparison.Ordinal) && line != "SCAN CONSTANT ROW");
    }
}
