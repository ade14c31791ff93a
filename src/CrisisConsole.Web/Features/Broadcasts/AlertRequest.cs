using System.Text.Json;

namespace CrisisConsole.Web.Features.Broadcasts;

/// <summary>
/// The body of <c>POST /api/v1/alerts</c>, read by hand from the JSON so every problem can be named:
/// <code>{ "template": "safety-check", "segments": ["staff"], "variables": { "org": "Acme" },
///   "channels": "whatsapp-then-sms" | "whatsapp" | "sms", "drill": false, "incidentId": null }</code>
/// Variable values may be strings, numbers or booleans (written as their JSON text).
/// </summary>
public sealed record AlertRequest(
    string Template,
    IReadOnlyList<string> Segments,
    IReadOnlyDictionary<string, string> Variables,
    ChannelPolicy ChannelPolicy,
    bool IsDrill,
    int? IncidentId)
{
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The request, or the problems keyed by the JSON property they concern.</summary>
    public static (AlertRequest? Request, Dictionary<string, string[]> Errors) Read(JsonElement body)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["The body must be a JSON object."];
            return (null, errors);
        }

        var template = Property(body, "template") is { ValueKind: JsonValueKind.String } t && t.GetString()!.Trim() is { Length: > 0 } name ? name : null;
        if (template is null)
        {
            errors["template"] = ["Give the template's name as a string, e.g. \"template\": \"safety-check\"."];
        }

        var segments = ReadSegments(Property(body, "segments"), errors);
        var variables = ReadVariables(Property(body, "variables"), errors);

        var policy = ChannelPolicy.WhatsAppThenSms;
        if (Property(body, "channels") is { } channels && channels.ValueKind != JsonValueKind.Null
            && (channels.ValueKind != JsonValueKind.String || !ChannelPolicyText.TryParseWire(channels.GetString(), out policy)))
        {
            errors["channels"] = ["channels must be \"whatsapp-then-sms\", \"whatsapp\" or \"sms\"."];
        }

        var drill = false;
        if (Property(body, "drill") is { } drillValue && drillValue.ValueKind != JsonValueKind.Null)
        {
            if (drillValue.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                drill = drillValue.GetBoolean();
            }
            else
            {
                errors["drill"] = ["drill must be true or false."];
            }
        }

        int? incidentId = null;
        if (Property(body, "incidentId") is { } incident && incident.ValueKind != JsonValueKind.Null)
        {
            if (incident.ValueKind == JsonValueKind.Number && incident.TryGetInt32(out var number) && number > 0)
            {
                incidentId = number;
            }
            else
            {
                errors["incidentId"] = ["incidentId must be a positive whole number or null."];
            }
        }

        return errors.Count > 0 ? (null, errors) : (new AlertRequest(template!, segments!, variables!, policy, drill, incidentId), errors);
    }

    private static List<string>? ReadSegments(JsonElement? value, Dictionary<string, string[]> errors)
    {
        if (value is not { ValueKind: JsonValueKind.Array } array)
        {
            errors["segments"] = ["Give one or more segment names as an array, e.g. \"segments\": [\"everyone\"]."];
            return null;
        }

        var names = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                errors["segments"] = ["Every segment must be a name (a non-empty string)."];
                return null;
            }

            names.Add(item.GetString()!.Trim());
        }

        if (names.Count == 0)
        {
            errors["segments"] = ["Give at least one segment name."];
            return null;
        }

        if (names.Count > BroadcastInput.MaxSegments)
        {
            errors["segments"] = [$"Give at most {BroadcastInput.MaxSegments} segments."];
            return null;
        }

        return names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// A JSON object of template variables; numbers and booleans are taken as their text. Also read by the
    /// incidents API, whose follow-ups reuse the same variables.
    /// </summary>
    internal static Dictionary<string, string>? ReadVariables(JsonElement? value, Dictionary<string, string[]> errors)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            return variables;
        }

        if (value.Value.ValueKind != JsonValueKind.Object)
        {
            errors["variables"] = ["variables must be an object of names and values, e.g. { \"org\": \"Acme\" }."];
            return null;
        }

        foreach (var property in value.Value.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    variables[property.Name] = property.Value.GetString()!;
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    variables[property.Name] = property.Value.GetRawText();
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    errors["variables." + property.Name] = [$"The value of {property.Name} must be text."];
                    break;
            }
        }

        return variables;
    }

    // JSON property names are matched without regard to case, as ASP.NET's binder does.
    private static JsonElement? Property(JsonElement body, string name)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
