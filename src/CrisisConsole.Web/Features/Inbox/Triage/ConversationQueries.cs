using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Inbox.Triage;

public enum ConversationSide
{
    FromPerson,
    ToPerson,
}

/// <summary>
/// One message of a conversation, either way. Inbound messages carry their classification, location and
/// media; outbound ones (broadcast deliveries and direct messages) carry their delivery status.
/// </summary>
public sealed record ConversationEntry(
    DateTimeOffset At,
    ConversationSide Side,
    MessageChannel Channel,
    string? Text,
    long? InboundMessageId = null,
    InboundClassification? Classification = null,
    InboundKind? Kind = null,
    double? Latitude = null,
    double? Longitude = null,
    string? MediaContentType = null,
    int MediaCount = 0,
    string? MediaId = null,
    long? DeliveryId = null,
    DeliveryStatus? Status = null,
    string? ErrorCode = null,
    int? BroadcastId = null,
    string? BroadcastName = null,
    DirectMessageKind? DirectKind = null,
    string? SentBy = null,
    string? TemplateName = null)
{
    public bool HasLocation => Latitude is not null && Longitude is not null;

    public string Coordinates => HasLocation
        ? $"{Latitude!.Value.ToString("0.#####", System.Globalization.CultureInfo.InvariantCulture)}, {Longitude!.Value.ToString("0.#####", System.Globalization.CultureInfo.InvariantCulture)}"
        : "";

    /// <summary>An OpenStreetMap link with a marker at the point.</summary>
    public string MapUrl
    {
        get
        {
            if (!HasLocation)
            {
                return "";
            }

            var lat = Latitude!.Value.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
            var lon = Longitude!.Value.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
            return $"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}";
        }
    }
}

/// <summary>
/// Everything exchanged with one person, oldest first: what they sent, the broadcasts delivered to them
/// (rendered in the language they were sent in) and the one-to-one messages. A contact is found by id;
/// an unknown sender by number. Each kind is capped at <see cref="MaxPerKind"/> most recent rows.
/// </summary>
public sealed class ConversationQueries(IDbContextFactory<AppDbContext> contexts)
{
    public const int MaxPerKind = 200;

    public async Task<IReadOnlyList<ConversationEntry>> ForAsync(int? contactId, string phone, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var inbound = contactId is { } cid
            ? db.Set<InboundMessage>().Where(m => m.ContactId == cid)
            : db.Set<InboundMessage>().Where(m => m.FromAddress == phone && m.ContactId == null);
        var received = await inbound.AsNoTracking().OrderByDescending(m => m.ReceivedAt).Take(MaxPerKind).ToListAsync(cancellationToken);

        var direct = contactId is { } dcid
            ? db.Set<DirectMessage>().Where(m => m.ContactId == dcid)
            : db.Set<DirectMessage>().Where(m => m.ToAddress == phone && m.ContactId == null);
        var sent = await (
            from message in direct.OrderByDescending(m => m.CreatedAt).Take(MaxPerKind)
            join delivery in db.Set<Delivery>() on message.DeliveryId equals delivery.Id
            select new { message, delivery }).AsNoTracking().ToListAsync(cancellationToken);

        var broadcastDeliveries = contactId is { } bcid
            ? await db.Set<Delivery>().AsNoTracking().Where(d => d.ContactId == bcid && d.BroadcastId != null)
                .OrderByDescending(d => d.Id).Take(MaxPerKind).ToListAsync(cancellationToken)
            : [];
        var texts = await BroadcastTextsAsync(db, broadcastDeliveries, cancellationToken);

        var entries = new List<ConversationEntry>(received.Count + sent.Count + broadcastDeliveries.Count);
        entries.AddRange(received.Select(m => new ConversationEntry(m.SentAt ?? m.ReceivedAt, ConversationSide.FromPerson, m.Channel,
            m.Text ?? m.ButtonText, InboundMessageId: m.Id, Classification: m.Classification, Kind: m.Kind, Latitude: m.Latitude, Longitude: m.Longitude,
            MediaContentType: m.MediaContentType, MediaCount: m.MediaCount, MediaId: m.MediaId ?? MediaIdFromUrl(m.MediaUrl))));
        entries.AddRange(sent.Select(s => new ConversationEntry(s.delivery.SentAt ?? s.message.CreatedAt, ConversationSide.ToPerson, s.delivery.Channel,
            s.message.Text, DeliveryId: s.delivery.Id, Status: s.delivery.Status, ErrorCode: s.delivery.ErrorCode, DirectKind: s.message.Kind,
            SentBy: s.message.SentByName, TemplateName: s.message.TemplateName)));
        entries.AddRange(broadcastDeliveries.Select(d =>
        {
            var (name, text) = texts.TryGetValue((d.BroadcastId!.Value, d.Language ?? ""), out var found) ? found : ("", null);
            return new ConversationEntry(d.SentAt ?? d.CreatedAt, ConversationSide.ToPerson, d.Channel, text, DeliveryId: d.Id, Status: d.Status,
                ErrorCode: d.ErrorCode, BroadcastId: d.BroadcastId, BroadcastName: name);
        }));
        return entries.OrderBy(e => e.At).ThenBy(e => e.Side).ToList();
    }

    /// <summary>The rendered text of each (broadcast, language) pair, with the template's name.</summary>
    private static async Task<Dictionary<(int, string), (string Name, string? Text)>> BroadcastTextsAsync(AppDbContext db, List<Delivery> deliveries,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<(int, string), (string, string?)>();
        var broadcastIds = deliveries.Select(d => d.BroadcastId!.Value).Distinct().ToList();
        if (broadcastIds.Count == 0)
        {
            return result;
        }

        var broadcasts = await db.Set<Broadcast>().AsNoTracking().Where(b => broadcastIds.Contains(b.Id)).ToListAsync(cancellationToken);
        var templateIds = broadcasts.Select(b => b.TemplateId).Distinct().ToList();
        var templates = await db.Set<MessageTemplate>().AsNoTracking().Include(t => t.Variants).Where(t => templateIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, cancellationToken);
        foreach (var broadcast in broadcasts)
        {
            var values = BroadcastJson.ReadVariables(broadcast.VariablesJson);
            foreach (var language in deliveries.Where(d => d.BroadcastId == broadcast.Id).Select(d => d.Language ?? "").Distinct())
            {
                var text = templates.TryGetValue(broadcast.TemplateId, out var template)
                    ? TemplateRenderer.Render(template, language.Length == 0 ? null : language, values, broadcast.IsDrill)?.Text
                    : null;
                result[(broadcast.Id, language)] = (broadcast.TemplateName, text);
            }
        }

        return result;
    }

    /// <summary>Twilio's media URL ends in the media sid; that is what we show (the URL needs credentials).</summary>
    private static string? MediaIdFromUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var last = uri.Segments.LastOrDefault()?.Trim('/');
        return string.IsNullOrEmpty(last) ? null : last;
    }
}
