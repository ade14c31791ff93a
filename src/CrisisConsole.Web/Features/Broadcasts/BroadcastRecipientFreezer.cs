using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Broadcasts;

/// <summary>
/// Freezes a broadcast's recipients into delivery rows with one INSERT ... SELECT: the segments are
/// resolved and consent re-checked by the database at this moment, inside the caller's transaction,
/// so 100,000 rows never pass through memory.
/// </summary>
internal static class BroadcastRecipientFreezer
{
    private const string InsertSql = """
        INSERT INTO "Deliveries" ("BroadcastId", "ContactId", "Channel", "Provider", "ToAddress", "Status", "StatusRank",
                                  "CreatedAt", "UpdatedAt", "Language", "NextAttemptAt", "AttemptCount")
        SELECT @cc_broadcast, r."Id", {channel}, {provider}, r."Phone", @cc_status, @cc_rank,
               @cc_now, @cc_now, r."Language", @cc_next_attempt, 0
        FROM ({inner}) AS r
        WHERE {valid} AND {reachable}
        ORDER BY r."Id"
        """;

    /// <summary>Writes one Pending delivery per recipient; returns how many. Call inside a transaction.</summary>
    public static async Task<int> FreezeAsync(AppDbContext db, Broadcast broadcast, GatewayProvider whatsAppProvider, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var rules = await BroadcastSegments.RulesAsync(db, BroadcastJson.ReadIds(broadcast.SegmentIdsJson), cancellationToken);
        var eligible = BroadcastRecipients.EligibleIds(db, rules, BroadcastJson.ReadIds(broadcast.ContactIdsJson));
        var inner = db.Set<Contact>().Where(c => eligible.Contains(c.Id)).Select(c => new { c.Id, c.Phone, c.Language, c.WhatsAppCapable });

        var channel = BroadcastRecipients.ChannelSql(broadcast.ChannelPolicy, "r");
        var sql = InsertSql
            .Replace("{channel}", channel, StringComparison.Ordinal)
            .Replace("{provider}", ProviderSql(channel), StringComparison.Ordinal)
            .Replace("{valid}", BroadcastRecipients.ValidNumberSql("r"), StringComparison.Ordinal)
            .Replace("{reachable}", BroadcastRecipients.ReachableSql(broadcast.ChannelPolicy, "r"), StringComparison.Ordinal);
        var firstAttempt = broadcast.ScheduledFor is { } at && at > now ? at : now;
        var parameters = new Dictionary<string, object>
        {
            ["@cc_broadcast"] = broadcast.Id,
            ["@cc_status"] = nameof(DeliveryStatus.Pending),
            ["@cc_rank"] = DeliveryStatusRank.Of(DeliveryStatus.Pending),
            ["@cc_now"] = now.ToUnixTimeMilliseconds(),
            ["@cc_next_attempt"] = firstAttempt.ToUnixTimeMilliseconds(),
            ["@cc_sms_provider"] = BroadcastRecipients.ProviderFor(MessageChannel.Sms, whatsAppProvider).ToString(),
            ["@cc_whatsapp_provider"] = BroadcastRecipients.ProviderFor(MessageChannel.WhatsApp, whatsAppProvider).ToString(),
        };

        await using var command = await BroadcastRecipients.CommandAroundAsync(db, inner, sql, parameters, cancellationToken);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // The provider follows the channel the row was given.
    private static string ProviderSql(string channelSql) =>
        $"(CASE {channelSql} WHEN '{nameof(MessageChannel.Sms)}' THEN @cc_sms_provider ELSE @cc_whatsapp_provider END)";
}
