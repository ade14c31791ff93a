using System.Text.Encodings.Web;
using System.Text.Json;

namespace CrisisConsole.Web.Features.Broadcasts;

/// <summary>What the composer (or the alerts API) asks for; checked by <see cref="BroadcastInputValidator"/>.</summary>
public sealed class BroadcastInput
{
    public const int VariableValueMaxLength = 1000;
    public const int MaxFallbackMinutes = 1440;
    public const int MaxSegments = 50;
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(30);

    public int? TemplateId { get; set; }

    /// <summary>Values by variable name; only the template's declared variables are kept.</summary>
    public Dictionary<string, string> Variables { get; set; } = new(StringComparer.Ordinal);

    /// <summary>An enumerable (not a list) so a multi-select can bind it directly.</summary>
    public IEnumerable<int> SegmentIds { get; set; } = [];

    public ChannelPolicy ChannelPolicy { get; set; } = ChannelPolicy.WhatsAppThenSms;

    /// <summary>With WhatsApp then SMS only; null uses the messaging service's default.</summary>
    public int? SmsFallbackAfterMinutes { get; set; }

    public bool IsDrill { get; set; }

    public DateTimeOffset? ScheduledFor { get; set; }

    public int? IncidentId { get; set; }

    /// <summary>
    /// People chosen one by one, on top of the segments (re-send to non-responders); the composer shows
    /// them read-only. Saved in <see cref="Broadcast.ContactIdsJson"/>.
    /// </summary>
    public IReadOnlyList<int> ContactIds { get; set; } = [];

    /// <summary>The check-in broadcast whose non-responders <see cref="ContactIds"/> are, when it is a re-send.</summary>
    public int? ResendOfBroadcastId { get; set; }

    public static BroadcastInput From(Broadcast broadcast) => new()
    {
        TemplateId = broadcast.TemplateId,
        Variables = BroadcastJson.ReadVariables(broadcast.VariablesJson),
        SegmentIds = BroadcastJson.ReadIds(broadcast.SegmentIdsJson),
        ChannelPolicy = broadcast.ChannelPolicy,
        SmsFallbackAfterMinutes = broadcast.SmsFallbackAfterMinutes,
        IsDrill = broadcast.IsDrill,
        ScheduledFor = broadcast.ScheduledFor,
        IncidentId = broadcast.IncidentId,
        ContactIds = BroadcastJson.ReadIds(broadcast.ContactIdsJson),
        ResendOfBroadcastId = broadcast.ResendOfBroadcastId,
    };

    public BroadcastInput Copy() => new()
    {
        TemplateId = TemplateId,
        Variables = new Dictionary<string, string>(Variables, StringComparer.Ordinal),
        SegmentIds = SegmentIds.ToList(),
        ChannelPolicy = ChannelPolicy,
        SmsFallbackAfterMinutes = SmsFallbackAfterMinutes,
        IsDrill = IsDrill,
        ScheduledFor = ScheduledFor,
        IncidentId = IncidentId,
        ContactIds = ContactIds.ToList(),
        ResendOfBroadcastId = ResendOfBroadcastId,
    };
}

/// <summary>How a broadcast keeps its variables and id lists in its JSON columns.</summary>
public static class BroadcastJson
{
    // Arabic and French values stay readable in the column instead of \uXXXX escapes.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string WriteVariables(IReadOnlyDictionary<string, string> values) =>
        JsonSerializer.Serialize(values.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value), Options);

    public static Dictionary<string, string> ReadVariables(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options);
        return new Dictionary<string, string>(values ?? [], StringComparer.Ordinal);
    }

    public static string WriteIds(IEnumerable<int> ids) => JsonSerializer.Serialize(ids.Distinct().Order().ToList());

    public static List<int> ReadIds(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<int>>(json) ?? [];
}
