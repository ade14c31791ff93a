using System.Text.Json;

namespace CrisisConsole.Gateways.Twilio;

/// <summary>Twilio's error body: {"code": 21211, "message": "...", "more_info": "...", "status": 400}.</summary>
internal sealed record TwilioErrorEnvelope(int Code, string Message, string? MoreInfo, int? Status)
{
    public static TwilioErrorEnvelope? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !TwilioJson.TryGetInt(root, "code", out var code))
            {
                return null;
            }

            return new TwilioErrorEnvelope(
                code,
                TwilioJson.GetString(root, "message") ?? $"Twilio error {code}.",
                TwilioJson.GetString(root, "more_info"),
                TwilioJson.TryGetInt(root, "status", out var status) ? status : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Reading Twilio's JSON, where numbers sometimes come as strings ("num_segments": "1").</summary>
internal static class TwilioJson
{
    public static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    public static bool TryGetInt(JsonElement element, string name, out int number)
    {
        number = 0;
        if (!element.TryGetProperty(name, out var value))
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
}
