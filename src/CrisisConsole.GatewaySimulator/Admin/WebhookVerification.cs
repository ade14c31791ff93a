using System.Security.Cryptography;
using CrisisConsole.Gateways.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CrisisConsole.GatewaySimulator.Admin;

/// <summary>
/// Meta's subscription handshake, on demand: GET {PublicBaseUrl}/webhooks/whatsapp with hub.mode,
/// hub.challenge and hub.verify_token (the configured VerifyToken, or the one given), and report
/// whether the app answered 200 with the challenge as the body.
/// </summary>
internal static class WebhookVerification
{
    public static async Task<IResult> VerifyAsync(HttpContext http, GatewayEndpoints endpoints, IOptions<GatewayOptions> gateways)
    {
        if (endpoints.PublicBaseUrl is not { } publicBase)
        {
            return Results.Problem(detail: "Gateways:PublicBaseUrl is not known, so there is no webhook to verify.", statusCode: StatusCodes.Status409Conflict);
        }

        var token = http.Request.Query["verifyToken"].ToString() is { Length: > 0 } given ? given : gateways.Value.WhatsAppCloud.VerifyToken ?? "";
        var challenge = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var url = $"{publicBase}/webhooks/whatsapp?hub.mode=subscribe&hub.challenge={challenge}&hub.verify_token={Uri.EscapeDataString(token)}";

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        try
        {
            using var response = await client.GetAsync(url, http.RequestAborted);
            var body = await response.Content.ReadAsStringAsync(http.RequestAborted);
            var verified = response.IsSuccessStatusCode && body.Trim() == challenge;
            return Results.Json(new { verified, status = (int)response.StatusCode, challenge, body = body.Length > 200 ? body[..200] : body },
                Configuration.SimulatorSettingsStore.Json);
        }
        catch (HttpRequestException ex)
        {
            return Results.Json(new { verified = false, status = (int?)null, challenge, body = ex.Message }, Configuration.SimulatorSettingsStore.Json);
        }
    }
}
