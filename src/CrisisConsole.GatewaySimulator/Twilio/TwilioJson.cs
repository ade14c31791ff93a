using System.Text.Json;

namespace CrisisConsole.GatewaySimulator.Twilio;

internal static class TwilioJson
{
    /// <summary>Fixed, not the host's JsonOptions: the app may configure those differently (ignore nulls...).</summary>
    /// <remarks>The relaxed encoder writes "+1415…" as providers do, not "\u002B1415…" (both are valid JSON).</remarks>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
