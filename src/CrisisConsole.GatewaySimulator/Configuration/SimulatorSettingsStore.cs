using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace CrisisConsole.GatewaySimulator.Configuration;

/// <summary>
/// The settings in force. Readers take <see cref="Current"/> once per operation; a PATCH replaces the
/// whole object, so nobody sees half of a change.
/// </summary>
internal sealed class SimulatorSettingsStore
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly SimulatorSettings initial;
    private volatile SimulatorSettings current;

    public SimulatorSettingsStore(IOptions<SimulatorSettings> options)
    {
        initial = Clone(options.Value);
        current = Clone(initial);
    }

    public SimulatorSettings Current => current;

    /// <summary>Applies a JSON merge patch (RFC 7386). Returns the errors, if any, and changes nothing then.</summary>
    public IReadOnlyList<string> Patch(JsonNode patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return ["The body must be a JSON object holding the settings to change."];
        }

        var document = JsonSerializer.SerializeToNode(current, Json)!.AsObject();
        JsonMergePatch.Apply(document, patchObject);
        SimulatorSettings? next;
        try
        {
            next = document.Deserialize<SimulatorSettings>(Json);
        }
        catch (JsonException ex)
        {
            return [$"The settings could not be read: {ex.Message}"];
        }

        if (next is null)
        {
            return ["The settings could not be read."];
        }

        var errors = SimulatorSettingsValidator.Errors(next);
        if (errors.Count == 0)
        {
            current = next;
        }

        return errors;
    }

    public void Reset() => current = Clone(initial);

    private static SimulatorSettings Clone(SimulatorSettings settings) =>
        JsonSerializer.Deserialize<SimulatorSettings>(JsonSerializer.SerializeToUtf8Bytes(settings, Json), Json)!;
}
