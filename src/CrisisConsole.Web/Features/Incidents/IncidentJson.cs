using System.Text.Encodings.Web;
using System.Text.Json;

namespace CrisisConsole.Web.Features.Incidents;

/// <summary>How an incident keeps its zones in <see cref="Incident.ZonesJson"/> (ids and variables use BroadcastJson's format).</summary>
public static class IncidentJson
{
    // Arabic zone names stay readable in the column instead of \uXXXX escapes.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string WriteStrings(IEnumerable<string> values) => JsonSerializer.Serialize(values.ToList(), Options);

    public static List<string> ReadStrings(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<string>>(json, Options) ?? [];
}
