using System.Text;
using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Gateways.Signatures;
using CrisisConsole.Gateways.Webhooks;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace CrisisConsole.Web.Features.Webhooks;

/// <summary>
/// POST /webhooks/twilio/status and /webhooks/twilio/inbound: X-Twilio-Signature first (over every
/// received field), then parse, then store, then answer (gateways.md A.2-A.4).
/// </summary>
internal sealed class TwilioWebhookHandler(
    IOptions<GatewayOptions> options,
    WebhookSignatureUrls signatureUrls,
    WebhookRecorder recorder,
    ILogger<TwilioWebhookHandler> logger)
{
    public const int MaxBodyBytes = 64 * 1024;
    public const string SignatureHeader = "X-Twilio-Signature";
    public const string IdempotencyHeader = "I-Twilio-Idempotency-Token";

    /// <summary>An empty TwiML answer: we reply later through the REST API, never inline.</summary>
    public const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    public Task<IResult> StatusAsync(HttpContext http) => HandleAsync(http, WebhookKind.Status);

    public Task<IResult> InboundAsync(HttpContext http) => HandleAsync(http, WebhookKind.Inbound);

    private async Task<IResult> HandleAsync(HttpContext http, WebhookKind kind)
    {
        var request = http.Request;
        var path = request.Path.Value ?? "";
        var signature = request.Headers[SignatureHeader].ToString();
        if (signature.Length == 0)
        {
            WebhookLog.Refused(logger, WebhookSource.Twilio, path, "no signature");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var body = await WebhookBody.ReadAsync(request, MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            WebhookLog.TooLarge(logger, WebhookSource.Twilio, path, MaxBodyBytes);
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (!request.HasFormContentType || request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
        {
            WebhookLog.Malformed(logger, WebhookSource.Twilio, path, "not form-encoded");
            return Malformed("Expected an application/x-www-form-urlencoded body.");
        }

        var payload = Encoding.UTF8.GetString(body);
        Dictionary<string, StringValues> fields;
        try
        {
            fields = new FormReader(payload).ReadForm();
        }
        catch (InvalidDataException)
        {
            WebhookLog.Malformed(logger, WebhookSource.Twilio, path, "unreadable form");
            return Malformed("The form body could not be read.");
        }

        // Every received field counts, unknown ones included, or the signature cannot match.
        var parameters = fields.SelectMany(field => field.Value.Select(value => new KeyValuePair<string, string>(field.Key, value ?? ""))).ToList();
        var authToken = options.Value.Twilio.AuthToken;
        var urls = signatureUrls.For(request, kind == WebhookKind.Status);
        if (string.IsNullOrEmpty(authToken) || !urls.Any(url => TwilioSignature.IsValid(authToken, url, parameters, signature)))
        {
            WebhookLog.Refused(logger, WebhookSource.Twilio, path, urls.Count == 0 ? "no public URL configured" : "signature does not match");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var form = fields.ToDictionary(field => field.Key, field => field.Value.Count > 0 ? field.Value[0] ?? "" : "", StringComparer.Ordinal);
        var parsed = kind == WebhookKind.Status
            ? TwilioWebhookParser.ParseStatus(form, request.Query[WebhookPaths.DeliveryQueryParameter].FirstOrDefault())
            : TwilioWebhookParser.ParseInbound(form);
        if (!parsed.Succeeded)
        {
            WebhookLog.Malformed(logger, WebhookSource.Twilio, path, parsed.Error!);
            return Malformed(parsed.Error!);
        }

        // Not tied to the request: once verified, what was received is stored even if Twilio hangs up.
        var summary = await recorder.RecordAsync(WebhookSource.Twilio, kind, payload, request.Headers[IdempotencyHeader].FirstOrDefault(),
            parsed.Events, CancellationToken.None);
        WebhookLog.Stored(logger, WebhookSource.Twilio, summary.Advanced, summary.Unchanged, summary.Duplicates, summary.Pending, summary.Inbound);
        return kind == WebhookKind.Inbound ? Results.Text(EmptyTwiml, "text/xml", Encoding.UTF8) : Results.Ok();
    }

    private static IResult Malformed(string detail) =>
        Results.Problem(title: "Malformed webhook", detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
