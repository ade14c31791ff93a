using System.Data.Common;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Sms;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Dispatch;
using CrisisConsole.Web.Features.Segments;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Broadcasts;

/// <summary>
/// Computes the preview of a broadcast: one GROUP BY over the selected contacts (a few hundred rows
/// back however many contacts there are) and one count of recent WhatsApp reach, then the rendering
/// of each language in memory. Uses the same recipient rules as approval (<see cref="BroadcastRecipients"/>).
/// </summary>
public sealed class BroadcastPreviewService(IDbContextFactory<AppDbContext> contexts, IOptionsMonitor<DispatchOptions> dispatch, TimeProvider clock)
{
    // One row per kind of contact; columns by position: InWidened, Consent, ValidNumber, Reachable, Channel,
    // Language, OutsideWindow, AlreadyReached, Count. Grouping by position keeps SQLite from evaluating the
    // sub-queries of the inner SELECT twice.
    private const string GroupSql = """
        SELECT r."InWidened", r."Consent", {valid}, {reachable}, {channel}, r."Language",
               (r."LastInboundWhatsAppAt" IS NULL OR r."LastInboundWhatsAppAt" < @cc_window_start),
               r."Reached", COUNT(*)
        FROM ({inner}) AS r
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
        """;

    /// <summary>The preview of a stored broadcast (the approval page, the dashboard); null when it or its template is gone.</summary>
    public async Task<BroadcastPreview?> PreviewAsync(int broadcastId, CancellationToken cancellationToken = default)
    {
        PreviewRequest? request;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var broadcast = await db.Set<Broadcast>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == broadcastId, cancellationToken);
            request = broadcast is null ? null : await RequestForAsync(db, broadcast, cancellationToken);
        }

        return request is null ? null : await PreviewAsync(request, cancellationToken);
    }

    /// <summary>The preview of what the composer holds; null when no (active) template is chosen.</summary>
    public async Task<BroadcastPreview?> PreviewAsync(BroadcastInput input, CancellationToken cancellationToken = default)
    {
        MessageTemplate? template;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            template = input.TemplateId is { } id
                ? await db.Set<MessageTemplate>().AsNoTracking().Include(t => t.Variants).SingleOrDefaultAsync(t => t.Id == id && !t.IsRetired, cancellationToken)
                : null;
        }

        if (template is null)
        {
            return null;
        }

        var values = input.Variables.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value.Trim(), StringComparer.Ordinal);
        return await PreviewAsync(new PreviewRequest(template, values, input.SegmentIds.Distinct().ToList(), input.ContactIds, input.ChannelPolicy, input.IsDrill,
            input.ScheduledFor), cancellationToken);
    }

    public async Task<BroadcastPreview> PreviewAsync(PreviewRequest request, CancellationToken cancellationToken = default)
    {
        var options = dispatch.CurrentValue;
        var now = clock.GetUtcNow();
        // The window is judged at the moment sending starts: a scheduled broadcast finds fewer windows open.
        var sendAt = request.ScheduledFor is { } at && at > now ? at : now;
        var windowStart = sendAt - TimeSpan.FromHours(options.WindowHours);
        var reachSince = now - TimeSpan.FromHours(24);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rules = await BroadcastSegments.RulesAsync(db, request.SegmentIds, cancellationToken);
        var groups = await CountGroupsAsync(db, rules, request.ContactIds, request.ChannelPolicy, windowStart, reachSince, cancellationToken);
        var alreadyReached = await WhatsAppReached(db, reachSince).Distinct().CountAsync(cancellationToken);
        return BroadcastPreviewBuilder.Build(request, groups, options, alreadyReached, now);
    }

    /// <summary>The stored broadcast as a preview request (its template even if retired since).</summary>
    internal static async Task<PreviewRequest?> RequestForAsync(AppDbContext db, Broadcast broadcast, CancellationToken cancellationToken)
    {
        var template = await db.Set<MessageTemplate>().AsNoTracking().Include(t => t.Variants)
            .SingleOrDefaultAsync(t => t.Id == broadcast.TemplateId, cancellationToken);
        return template is null
            ? null
            : new PreviewRequest(template, BroadcastJson.ReadVariables(broadcast.VariablesJson), BroadcastJson.ReadIds(broadcast.SegmentIdsJson),
                BroadcastJson.ReadIds(broadcast.ContactIdsJson), broadcast.ChannelPolicy, broadcast.IsDrill, broadcast.ScheduledFor);
    }

    /// <remarks>
    /// Who is eligible is decided by <see cref="ContactMessagingPolicy"/> per group: a contact matched by
    /// any segment is eligible under a default segment's rule, and under the widened rule when a widened
    /// segment (or the explicit list) matched it too. That is the same set <see cref="BroadcastRecipients.EligibleIds"/>
    /// gives approval, without a second pass over the members when no segment is widened.
    /// </remarks>
    private static async Task<List<RecipientGroup>> CountGroupsAsync(AppDbContext db, IReadOnlyList<SegmentRule> rules, IReadOnlyList<int> contactIds,
        ChannelPolicy policy, DateTimeOffset windowStart, DateTimeOffset reachSince, CancellationToken cancellationToken)
    {
        var matched = BroadcastRecipients.MatchedIds(db, rules, contactIds);
        var widened = BroadcastRecipients.MatchedIds(db, rules.Where(r => r.IncludeWithoutOptIn).ToList(), contactIds);
        var reached = WhatsAppReached(db, reachSince);
        var inner = db.Set<Contact>().Where(c => matched.Contains(c.Id)).Select(c => new
        {
            c.Id,
            InWidened = widened.Contains(c.Id),
            c.Consent,
            c.Phone,
            c.WhatsAppCapable,
            c.Language,
            c.LastInboundWhatsAppAt,
            Reached = reached.Contains(c.Id),
        });
        var sql = GroupSql
            .Replace("{valid}", BroadcastRecipients.ValidNumberSql("r"), StringComparison.Ordinal)
            .Replace("{reachable}", BroadcastRecipients.ReachableSql(policy, "r"), StringComparison.Ordinal)
            .Replace("{channel}", BroadcastRecipients.ChannelSql(policy, "r"), StringComparison.Ordinal);
        var parameters = new Dictionary<string, object> { ["@cc_window_start"] = windowStart.ToUnixTimeMilliseconds() };

        await using var command = await BroadcastRecipients.CommandAroundAsync(db, inner, sql, parameters, cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var groups = new List<RecipientGroup>();
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(new RecipientGroup(
                InWidenedSelection: reader.GetInt64(0) != 0,
                Consent: Enum.Parse<ConsentStatus>(reader.GetString(1)),
                ValidNumber: reader.GetInt64(2) != 0,
                Reachable: reader.GetInt64(3) != 0,
                Channel: Enum.Parse<MessageChannel>(reader.GetString(4)),
                Language: reader.IsDBNull(5) ? "" : reader.GetString(5),
                OutsideWindow: reader.GetInt64(6) != 0,
                AlreadyReached: reader.GetInt64(7) != 0,
                Count: checked((int)reader.GetInt64(8))));
        }

        return groups;
    }

    /// <summary>
    /// Contacts WhatsApp counts as reached in the last 24 hours: messages the provider took. An upper bound,
    /// since some were inside an open window and did not count. Only deliveries of broadcasts that can have
    /// sent in that time are read (through the BroadcastId index), so old broadcasts cost nothing.
    /// </summary>
    private static IQueryable<int> WhatsAppReached(AppDbContext db, DateTimeOffset since)
    {
        var recent = db.Set<Broadcast>()
            .Where(b => b.State != BroadcastState.Rejected && b.DecidedAt != null
                && (b.CompletedAt == null || b.CompletedAt >= since) && (b.CancelledAt == null || b.CancelledAt >= since))
            .Select(b => (int?)b.Id);
        return db.Set<Delivery>()
            .Where(d => recent.Contains(d.BroadcastId) && d.Channel == MessageChannel.WhatsApp && d.ContactId != null && d.ProviderMessageId != null
                && (d.SentAt >= since || (d.SentAt == null && d.UpdatedAt >= since)))
            .Select(d => d.ContactId!.Value);
    }
}

/// <summary>One row of the preview's GROUP BY: contacts alike in everything the preview reports.</summary>
internal sealed record RecipientGroup(
    bool InWidenedSelection,
    ConsentStatus Consent,
    bool ValidNumber,
    bool Reachable,
    MessageChannel Channel,
    string Language,
    bool OutsideWindow,
    bool AlreadyReached,
    int Count)
{
    /// <summary>Why the group gets nothing, in the order people think of it: consent, then number, then channel.</summary>
    public RecipientExclusion? Exclusion =>
        ContactMessagingPolicy.Exclusion(new Contact { Consent = Consent }, InWidenedSelection) switch
        {
            MessagingExclusion.OptedOut => RecipientExclusion.OptedOut,
            MessagingExclusion.NoConsent or MessagingExclusion.Deleted => RecipientExclusion.NoConsent,
            _ => !ValidNumber ? RecipientExclusion.NoValidNumber : !Reachable ? RecipientExclusion.NotOnWhatsApp : null,
        };
}

/// <summary>Live segments by id, for the preview and for approval alike.</summary>
internal static class BroadcastSegments
{
    public static async Task<List<Segment>> LiveAsync(AppDbContext db, IEnumerable<int> segmentIds, CancellationToken cancellationToken)
    {
        var ids = segmentIds.Distinct().ToList();
        return await db.Set<Segment>().AsNoTracking().Where(s => ids.Contains(s.Id) && s.DeletedAt == null).ToListAsync(cancellationToken);
    }

    public static async Task<List<SegmentRule>> RulesAsync(AppDbContext db, IEnumerable<int> segmentIds, CancellationToken cancellationToken) =>
        (await LiveAsync(db, segmentIds, cancellationToken)).Select(s => s.Rule).ToList();
}
