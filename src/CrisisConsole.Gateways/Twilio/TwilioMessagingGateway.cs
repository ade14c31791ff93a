using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Gateways.Errors;
using CrisisConsole.Gateways.Http;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Retries;
using CrisisConsole.Gateways.Sms;
using CrisisConsole.Gateways.Webhooks;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Gateways.Twilio;

/// <summary>
/// POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded, Basic auth (gateways.md A.1).
/// The SMS and WhatsApp clients differ only in their addresses and content.
/// </summary>
public abstract class TwilioMessagingGateway : IMessageGateway
{
    private readonly HttpClient http;
    private readonly GatewayEndpoints endpoints;
    private readonly IOptions<GatewayOptions> options;
    private readonly SendRetryPolicy retries;
    private readonly TimeProvider time;

    protected TwilioMessagingGateway(HttpClient http, GatewayEndpoints endpoints, IOptions<GatewayOptions> options, SendRetryPolicy retries, TimeProvider time)
    {
        this.http = http;
        this.endpoints = endpoints;
        this.options = options;
        this.retries = retries;
        this.time = time;
    }

    public abstract MessageChannel Channel { get; }

    public abstract GatewayProvider Provider { get; }

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var problems = message.Validate(Provider);
        if (problems.Count > 0)
        {
            return new SendResult.PermanentFailure("invalid_message", string.Join(" ", problems), PermanentFailureKind.InvalidRequest);
        }

        var twilio = options.Value.Twilio;
        if (string.IsNullOrWhiteSpace(twilio.AccountSid) || string.IsNullOrWhiteSpace(twilio.AuthToken))
        {
            return NotConfigured("Gateways:Twilio:AccountSid and :AuthToken are not set.");
        }

        var from = SenderAddress(twilio);
        if (from is null && string.IsNullOrWhiteSpace(twilio.MessagingServiceSid))
        {
            return NotConfigured($"No sender: set {SenderSettingName} or Gateways:Twilio:MessagingServiceSid.");
        }

        var form = new List<KeyValuePair<string, string>> { new("To", RecipientAddress(message.To)) };
        if (from is not null)
        {
            form.Add(new("From", from));
        }

        if (!string.IsNullOrWhiteSpace(twilio.MessagingServiceSid))
        {
            form.Add(new("MessagingServiceSid", twilio.MessagingServiceSid.Trim()));
        }

        AddContent(form, message);
        if (StatusCallbackUrl(twilio, message.CorrelationId) is { } callback)
        {
            form.Add(new("StatusCallback", callback));
        }

        var accountSid = twilio.AccountSid.Trim();
        var url = $"{endpoints.TwilioBaseUrl}/2010-04-01/Accounts/{Uri.EscapeDataString(accountSid)}/Messages.json";
        var credentials = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(accountSid + ":" + twilio.AuthToken)));

        return await retries.ExecuteAsync(async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Authorization = credentials;
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            return await HttpSendAttempt.RunAsync(http, request, (status, response, body) => Interpret(status, response, body, message), token);
        }, cancellationToken);
    }

    /// <summary>The setting that names this channel's sender, for error messages.</summary>
    protected abstract string SenderSettingName { get; }

    /// <summary>The From value, or null to let the Messaging Service choose.</summary>
    protected abstract string? SenderAddress(TwilioOptions twilio);

    protected abstract string RecipientAddress(string e164);

    protected abstract void AddContent(List<KeyValuePair<string, string>> form, OutboundMessage message);

    /// <summary>The configured callback (or {PublicBaseUrl}/webhooks/twilio/status) with ?delivery={id}; null when no public URL is known yet.</summary>
    internal string? StatusCallbackUrl(TwilioOptions twilio, string? correlationId)
    {
        var configured = string.IsNullOrWhiteSpace(twilio.StatusCallbackUrl) ? null : twilio.StatusCallbackUrl.Trim();
        var url = configured ?? (endpoints.PublicBaseUrl is { } publicBase ? publicBase + WebhookPaths.TwilioStatus : null);
        if (url is null || string.IsNullOrEmpty(correlationId))
        {
            return url;
        }

        // A connection-override fragment (#rc=3...) must stay last.
        var hash = url.IndexOf('#');
        var fragment = hash >= 0 ? url[hash..] : "";
        var head = hash >= 0 ? url[..hash] : url;
        var separator = head.Contains('?') ? '&' : '?';
        return $"{head}{separator}{WebhookPaths.DeliveryQueryParameter}={Uri.EscapeDataString(correlationId)}{fragment}";
    }

    private SendAttempt Interpret(HttpStatusCode status, HttpResponseMessage response, string body, OutboundMessage message)
    {
        var code = (int)status;
        if (code is >= 200 and < 300)
        {
            return new(ReadCreated(code, body, message));
        }

        var error = TwilioErrorEnvelope.TryParse(body);
        if (status == HttpStatusCode.TooManyRequests || error?.Code == TwilioErrorCodes.TooManyRequests)
        {
            var retryAfter = HttpSendAttempt.RetryAfter(response, time.GetUtcNow());
            return new(new SendResult.TransientFailure(retryAfter, error?.Code.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "http_429",
                error?.Message ?? "Twilio refused the request: too many concurrent requests."), SafeToRetryNow: true);
        }

        if (code >= 500)
        {
            // Twilio may have created the message before failing; only reconciliation can tell.
            return new(new SendResult.OutcomeUnknown($"Twilio answered {code}{(error is null ? "" : $" with error {error.Code}")}; the message may have been created."));
        }

        if (error is null)
        {
            var kind = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                ? PermanentFailureKind.AccountProblem
                : PermanentFailureKind.Other;
            return new(new SendResult.PermanentFailure($"http_{code}", $"Twilio answered {code} without an error body.", kind));
        }

        return new(FromErrorCode(error.Code, error.Message, HttpSendAttempt.RetryAfter(response, time.GetUtcNow())));
    }

    private SendResult ReadCreated(int httpStatus, string body, OutboundMessage message)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var sid = root.ValueKind == JsonValueKind.Object ? TwilioJson.GetString(root, "sid") : null;
            if (string.IsNullOrWhiteSpace(sid))
            {
                return new SendResult.OutcomeUnknown($"Twilio answered {httpStatus} without a message sid.");
            }

            var initial = ProviderStatuses.FromProviderWord(TwilioJson.GetString(root, "status")) ?? DeliveryStatus.Queued;
            if (initial is DeliveryStatus.Failed or DeliveryStatus.Undelivered && TwilioJson.TryGetInt(root, "error_code", out var errorCode))
            {
                return FromErrorCode(errorCode, TwilioJson.GetString(root, "error_message") ?? $"Twilio error {errorCode}.", null);
            }

            TwilioJson.TryGetInt(root, "num_segments", out var segments);
            if (segments <= 0)
            {
                // "0" until a Messaging Service has picked the sender; count them ourselves.
                segments = Channel == MessageChannel.Sms && message.Text is not null ? SmsSegmentCounter.Count(message.Text).Segments : 1;
            }

            return new SendResult.Accepted(sid, initial, segments);
        }
        catch (JsonException)
        {
            return new SendResult.OutcomeUnknown($"Twilio answered {httpStatus} but the body was not JSON.");
        }
    }

    private static SendResult FromErrorCode(int code, string message, TimeSpan? retryAfter)
    {
        var codeText = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var errorClass = TwilioErrorCodes.Classify(code);
        return errorClass.IsTransient
            ? new SendResult.TransientFailure(retryAfter, codeText, message)
            : new SendResult.PermanentFailure(codeText, message, errorClass.Kind);
    }

    private static SendResult NotConfigured(string reason) =>
        new SendResult.PermanentFailure("not_configured", reason, PermanentFailureKind.AccountProblem);
}
