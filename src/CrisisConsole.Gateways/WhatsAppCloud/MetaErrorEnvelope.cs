using System.Text.Json;

namespace CrisisConsole.Gateways.WhatsAppCloud;

/// <summary>
/// Meta's error body: {"error": {"message": "(#130429) Rate limit hit", "type": "OAuthException",
/// "code": 130429, "error_data": {"details": "..."}, "fbtrace_id": "..."}}.
/// </summary>
internal sealed record MetaErrorEnvelope(int Code, string Message, string? Details, string? Type, string? TraceId)
{
    /// <summary>The most useful text: the details when given, else the message.</summary>
    public string Reason => string.IsNullOrWhiteSpace(Details) ? Message : $"{Message}: {Details}";

    public static MetaErrorEnvelope? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("error", out var error) ||
                error.ValueKind != JsonValueKind.Object ||
                !MetaJson.TryGetInt(error, "code", out var code))
            {
                return null;
            }

            string? details = null;
            if (error.TryGetProperty("error_data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                details = MetaJson.GetString(data, "details");
            }

            return new MetaErrorEnvelope(
                code,
                MetaJson.GetString(error, "message") ?? $"Meta error {code}.",
                details,
                MetaJson.GetString(error, "type"),
                MetaJson.GetString(error, "fbtrace_id"));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Reading Meta's JSON defensively: numbers may come as strings and any field may be missing.</summary>
internal static class MetaJson
{
    public static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    /// <summary>Only a JSON string; a number in its place counts as missing.</summary>
    public static string? GetStrictString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static bool TryGetInt(JsonElement element, string name, out int number)
    {
        number = 0;
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt32(out number),
            JsonValueKind.String => int.TryParse(value.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out number),
            _ => false,
        };
    }

    public static double? GetDouble(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDouble(out var number) => number,
            JsonValueKind.String when double.TryParse(value.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
    }

    public static bool TryGetObject(JsonElement element, string name, out JsonElement value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Object;
    }

    public static bool TryGetArray(JsonElement element, string name, out JsonElement value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Array;
    }
}
