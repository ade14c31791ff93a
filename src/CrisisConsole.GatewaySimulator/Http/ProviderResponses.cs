using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CrisisConsole.GatewaySimulator.Http;

/// <summary>What the two simulated provider APIs share when they answer.</summary>
internal static class ProviderResponses
{
    /// <summary>
    /// Fixed options, not the host's JsonOptions (the app may configure those differently, e.g. to
    /// skip nulls). The relaxed encoder writes "+1415…" as providers do, not "\u002B1415…".
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The time-out-after-accept fault: the message exists, but the client never hears so, and must
    /// reconcile rather than resend blindly.
    /// </summary>
    public static async Task AbortAfterAsync(HttpContext http, int hangMilliseconds)
    {
        try
        {
            if (hangMilliseconds > 0)
            {
                await Task.Delay(hangMilliseconds, http.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The client gave up first; nothing left to abort.
        }

        http.Abort();
    }
}
