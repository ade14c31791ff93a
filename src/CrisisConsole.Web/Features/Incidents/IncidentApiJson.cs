using System.Text.Json;
using CrisisConsole.Web.Features.Broadcasts;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace CrisisConsole.Web.Features.Incidents;

/// <summary>Reading the incidents API's JSON bodies: bounded, JSON only, and every problem named as a 400 problem detail.</summary>
internal static class IncidentApiJson
{
    public const int MaxBodyBytes = 64 * 1024;

    public static async Task<(JsonElement? Body, IResult? Problem)> ReadAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        if (request.ContentType is { Length: > 0 } contentType && (!MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !(media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))))
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send JSON.", detail: "Use Content-Type: application/json."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return (null, TooLarge());
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException bad) when (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }

        if (buffer.Length == 0)
        {
            return (null, Invalid(new() { ["body"] = ["The body is empty; send the incident as a JSON object."] }));
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException exception)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not valid JSON.",
                detail: $"The JSON could not be read (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1})."));
        }
    }

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request was not accepted.", detail: string.Join(" ", errors.SelectMany(e => e.Value)));

    // JSON property names are matched without regard to case, as ASP.NET's binder does.
    public static JsonElement? Property(JsonElement body, string name)
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

    /// <summary>An optional array of non-empty strings (missing or null is empty).</summary>
    public static List<string>? Strings(JsonElement? value, string field, string what, Dictionary<string, string[]> errors)
    {
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.Value.ValueKind != JsonValueKind.Array || value.Value.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(i.GetString())))
        {
            errors[field] = [$"{field} must be an array of {what} (non-empty strings)."];
            return null;
        }

        return value.Value.EnumerateArray().Select(i => i.GetString()!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public static Dictionary<string, string>? Variables(JsonElement? value, Dictionary<string, string[]> errors) =>
        AlertRequest.ReadVariables(value, errors);

    public static string? OptionalString(JsonElement? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.Value.GetString()))
        {
            errors[field] = [$"{field} must be an e-mail address or null."];
            return null;
        }

        return value.Value.GetString()!.Trim();
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The body is too large.", detail: $"A request body may be at most {MaxBodyBytes / 1024} KB.");
}
