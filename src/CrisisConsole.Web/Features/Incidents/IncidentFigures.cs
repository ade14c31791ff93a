using System.Data.Common;
using System.Globalization;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CrisisConsole.Web.Features.Incidents;

/// <summary>
/// An incident's totals across its broadcasts, counted per person, not per message: someone reached by
/// WhatsApp and again by the SMS fallback is reached once, and someone who did not answer the first
/// check-in but answered the re-send is accounted for.
/// </summary>
/// <param name="Reached">People with at least one message delivered or read.</param>
/// <param name="Safe">People whose latest answer to the incident's check-ins is "safe".</param>
/// <param name="NeedsHelp">People whose latest answer is "needs help".</param>
/// <param name="Unaccounted">Recipients of its check-in broadcasts who have not answered any of them.</param>
public sealed record IncidentFigures(int Reached, int Safe, int NeedsHelp, int Unaccounted)
{
    public static readonly IncidentFigures Empty = new(0, 0, 0, 0);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Reached:N0} reached, {Safe:N0} safe, {NeedsHelp:N0} need help, {Unaccounted:N0} unaccounted for");
}

public static class IncidentFigureQueries
{
    /// <summary>Reads the figures on <paramref name="db"/> (inside its transaction, when it has one).</summary>
    public static async Task<IncidentFigures> ReadAsync(AppDbContext db, int incidentId, CancellationToken cancellationToken)
    {
        var broadcasts = await (
            from b in db.Set<Broadcast>().AsNoTracking()
            where b.IncidentId == incidentId && b.RecipientCount > 0
            join t in db.Set<MessageTemplate>().AsNoTracking() on b.TemplateId equals t.Id into templates
            from t in templates.DefaultIfEmpty()
            select new { b.Id, IsCheckIn = t != null && t.Category == TemplateCategory.CheckIn })
            .ToListAsync(cancellationToken);
        if (broadcasts.Count == 0)
        {
            return IncidentFigures.Empty;
        }

        // Ids come from the database as integers, so they are safe to write into the statement.
        var all = string.Join(",", broadcasts.Select(b => b.Id.ToString(CultureInfo.InvariantCulture)));
        var checkIns = string.Join(",", broadcasts.Where(b => b.IsCheckIn).Select(b => b.Id.ToString(CultureInfo.InvariantCulture)));

        var reached = await ScalarAsync(db,
            $"SELECT COUNT(DISTINCT {nameof(Delivery.ContactId)}) FROM Deliveries WHERE {nameof(Delivery.BroadcastId)} IN ({all}) " +
            $"AND {nameof(Delivery.Status)} IN ('{nameof(DeliveryStatus.Delivered)}', '{nameof(DeliveryStatus.Read)}') AND {nameof(Delivery.ContactId)} IS NOT NULL",
            cancellationToken);
        if (checkIns.Length == 0)
        {
            return new IncidentFigures(reached, 0, 0, 0);
        }

        var safe = 0;
        var needsHelp = 0;
        await using (var command = await CommandAsync(db, $"""
            SELECT Answer, COUNT(*) FROM (
                SELECT Answer, ROW_NUMBER() OVER (PARTITION BY ContactId ORDER BY AnsweredAt DESC, Id DESC) AS Latest
                FROM CheckIns WHERE BroadcastId IN ({checkIns}))
            WHERE Latest = 1 GROUP BY Answer
            """, cancellationToken))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var count = reader.GetInt32(1);
                switch (reader.GetString(0))
                {
                    case nameof(CheckInAnswer.Safe):
                        safe = count;
                        break;
                    case nameof(CheckInAnswer.NeedsHelp):
                        needsHelp = count;
                        break;
                }
            }
        }

        var unaccounted = await ScalarAsync(db, $"""
            SELECT COUNT(DISTINCT d.ContactId) FROM Deliveries d
            WHERE d.BroadcastId IN ({checkIns}) AND d.ContactId IS NOT NULL AND d.FallbackForDeliveryId IS NULL
              AND NOT EXISTS (SELECT 1 FROM CheckIns c WHERE c.ContactId = d.ContactId AND c.BroadcastId IN ({checkIns}))
            """, cancellationToken);
        return new IncidentFigures(reached, safe, needsHelp, unaccounted);
    }

    private static async Task<int> ScalarAsync(AppDbContext db, string sql, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(db, sql, cancellationToken);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken) ?? 0, CultureInfo.InvariantCulture);
    }

    private static async Task<DbCommand> CommandAsync(AppDbContext db, string sql, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }
}
