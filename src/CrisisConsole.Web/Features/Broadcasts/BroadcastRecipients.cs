using System.Data.Common;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Segments;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CrisisConsole.Web.Features.Broadcasts;

/// <summary>
/// Who a broadcast reaches, as database queries; the preview and the approval both build on these,
/// so the number a supervisor approves is the number of delivery rows written.
/// <list type="bullet">
/// <item>Consent comes from <see cref="SegmentResolver"/> (and so <see cref="ContactMessagingPolicy"/>), evaluated when asked.</item>
/// <item>The number check and the channel choice are SQL fragments over a row alias, used inside the
/// set-based statements of the preview (GROUP BY) and of the approval (INSERT ... SELECT).</item>
/// </list>
/// </summary>
public static class BroadcastRecipients
{
    /// <summary>Live contacts the segments (or explicit ids) select, whatever their consent: the preview counts exclusions from these.</summary>
    public static IQueryable<int> MatchedIds(AppDbContext db, IReadOnlyList<SegmentRule> rules, IReadOnlyList<int> contactIds)
    {
        IQueryable<int>? union = null;
        foreach (var rule in rules)
        {
            var ids = SegmentResolver.Matching(db, rule).Select(c => c.Id);
            union = union is null ? ids : union.Union(ids);
        }

        if (contactIds.Count > 0)
        {
            var list = contactIds.ToList();
            var explicitIds = db.Set<Contact>().Where(c => c.DeletedAt == null && list.Contains(c.Id)).Select(c => c.Id);
            union = union is null ? explicitIds : union.Union(explicitIds);
        }

        return union ?? db.Set<Contact>().Where(c => false).Select(c => c.Id);
    }

    /// <summary>
    /// Contacts that may be messaged, each once: the segments' members (each segment with its own consent
    /// widening) and the explicit ids (a re-send to people who were recipients before) that are still messageable.
    /// </summary>
    public static IQueryable<int> EligibleIds(AppDbContext db, IReadOnlyList<SegmentRule> rules, IReadOnlyList<int> contactIds)
    {
        var union = rules.Count > 0 ? SegmentResolver.ContactIds(db, rules) : null;
        if (contactIds.Count > 0)
        {
            var list = contactIds.ToList();
            var explicitIds = db.Set<Contact>().Where(ContactMessagingPolicy.Messageable).Where(c => list.Contains(c.Id)).Select(c => c.Id);
            union = union is null ? explicitIds : union.Union(explicitIds);
        }

        return union ?? db.Set<Contact>().Where(c => false).Select(c => c.Id);
    }

    /// <summary>
    /// A number that can be sent to: "+", a country code not starting with 0, and 8 to 15 digits in all
    /// (the rules of <c>E164.TryNormalize</c>, which every stored number went through; this guards against
    /// rows written around it). <paramref name="row"/> is the SQL alias of a row with a Phone column.
    /// </summary>
    public static string ValidNumberSql(string row) =>
        $"""({row}."Phone" GLOB '+[1-9]*' AND length({row}."Phone") BETWEEN 9 AND 16 AND substr({row}."Phone", 2) NOT GLOB '*[^0-9]*')""";

    /// <summary>
    /// Whether the policy can reach the row at all: with WhatsApp only, a contact known not to be on
    /// WhatsApp cannot be. Unknown capability (NULL) is tried on WhatsApp.
    /// </summary>
    public static string ReachableSql(ChannelPolicy policy, string row) => policy == ChannelPolicy.WhatsAppOnly
        ? $"""({row}."WhatsAppCapable" IS NULL OR {row}."WhatsAppCapable" <> 0)"""
        : "1";

    /// <summary>
    /// The first channel for the row: SMS only → Sms; WhatsApp only → WhatsApp; WhatsApp then SMS →
    /// Sms straight away for a contact known not to be on WhatsApp, WhatsApp otherwise (the messaging
    /// service falls back to SMS later). Evaluates to the <see cref="MessageChannel"/> name.
    /// </summary>
    public static string ChannelSql(ChannelPolicy policy, string row) => policy switch
    {
        ChannelPolicy.SmsOnly => $"'{nameof(MessageChannel.Sms)}'",
        ChannelPolicy.WhatsAppOnly => $"'{nameof(MessageChannel.WhatsApp)}'",
        _ => $"""(CASE WHEN {row}."WhatsAppCapable" = 0 THEN '{nameof(MessageChannel.Sms)}' ELSE '{nameof(MessageChannel.WhatsApp)}' END)""",
    };

    public static GatewayProvider ProviderFor(MessageChannel channel, GatewayProvider whatsAppProvider) =>
        channel == MessageChannel.Sms ? GatewayProvider.TwilioSms : whatsAppProvider;

    /// <summary>
    /// A command that runs <paramref name="outerSql"/> around the SQL EF generates for <paramref name="inner"/>
    /// (written where <c>{inner}</c> stands), with EF's parameters and ours. Every value travels as a
    /// parameter; only SQL of our own making is put in the text. Ours are named "@cc_..." so they never
    /// meet EF's ("@__...", "@p...").
    /// </summary>
    internal static async Task<DbCommand> CommandAroundAsync<T>(AppDbContext db, IQueryable<T> inner, string outerSql,
        IReadOnlyDictionary<string, object> parameters, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        using var generated = inner.CreateDbCommand();
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = outerSql.Replace("{inner}", generated.CommandText, StringComparison.Ordinal);
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = 120;
        foreach (DbParameter parameter in generated.Parameters)
        {
            command.Parameters.Add(new SqliteParameter(parameter.ParameterName, parameter.Value ?? DBNull.Value));
        }

        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, value));
        }

        return command;
    }
}
