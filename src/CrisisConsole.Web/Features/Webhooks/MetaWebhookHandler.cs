using System.Security.Cryptography;
using System.Text;
using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Gateways.Signatures;
using CrisisConsole.Gateways.Webhooks;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Webhooks;

/// <summary>
/// GET /webhooks/whatsapp answers Meta's verification handshake; POST takes its events, checking
/// X-Hub-Signature-256 over the raw bytes before anything else (gateways.md B.2).
/// </summary>
internal sealed class MetaWebhookHandler(
    IOptions<GatewayOptions> options,
    WebhookRecorder recorder,
    ILogger<MetaWebhookHandler> logger)
{
    /// <summary>Meta sends up to 3 MB (1,000 updates) per POST.</summary>
    public const int MaxBodyBytes = 3 * 1024 * 1024;
    public const string SignatureHeader = "X-Hub-Signature-256";
    private const int MaxChallengeLength = 256;

    public IResult Verify(HttpContext http)
    {
        var query = http.Request.Query;
        var mode = query["hub.mode"].ToString();
        var token = query["hub.verify_token"].ToString();
        var challenge = query["hub.challenge"].ToString();
        var expected = options.Value.WhatsAppCloud.VerifyToken;
        if (mode != "subscribe" || string.IsNullOrEmpty(expected) || challenge.Length is 0 or > MaxChallengeLength || !SameSecret(token, expected))
        {
            WebhookLog.Refused(logger, WebhookSource.Meta, http.Request.Path.Value ?? "", "verification token or mode does not match");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        WebhookLog.Verified(logger);
        return Results.Text(challenge, "text/plain", Encoding.UTF8);
    }

    public async Task<IResult> ReceiveAsync(HttpContext http)
    {
        var request = http.Request;
        var path = request.Path.Value ?? "";
        var signature = request.Headers[SignatureHeader].ToString();
        if (signature.Length == 0)
        {
            WebhookLog.Refused(logger, WebhookSource.Meta, path, "no signature");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var body = await WebhookBody.ReadAsync(request, MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            WebhookLog.TooLarge(logger, WebhookSource.Meta, path, MaxBodyBytes);
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var appSecret = options.Value.WhatsAppCloud.AppSecret;
        if (string.IsNullOrEmpty(appSecret) || !MetaSignature.IsValid(appSecret, body, signature))
        {
            WebhookLog.Refused(logger, WebhookSource.Meta, path, "signature does not match");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var parsed = MetaWebhookParser.Parse(body);
        if (!parsed.Succeeded)
        {
            WebhookLog.Malformed(logger, WebhookSource.Meta, path, parsed.Error!);
            return Results.Problem(title: "Malformed webhook", detail: parsed.Error, statusCode: StatusCodes.Status400BadRequest);
        }

        foreach (var error in parsed.Events.OfType<PlatformErrorEvent>())
        {
            WebhookLog.PlatformError(logger, error.Code, error.Title);
        }

        var summary = await recorder.RecordAsync(WebhookSource.Meta, WebhookKind.Batch, Encoding.UTF8.GetString(body), null,
            parsed.Events, CancellationToken.None);
        WebhookLog.Stored(logger, WebhookSource.Meta, summary.Advanced, summary.Unchanged, summary.Duplicates, summary.Pending, summary.Inbound);
        return Results.Ok();
    }

    /// <summary>Compares hashes so neither the content nor the length of the secret leaks through timing.</summary>
    private static bool SameSecret(string given, string expected) => CryptographicOperations.FixedTimeEquals(
        SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
