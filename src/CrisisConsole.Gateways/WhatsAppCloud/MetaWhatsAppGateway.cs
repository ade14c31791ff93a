using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Gateways.Errors;
using CrisisConsole.Gateways.Http;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Retries;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Gateways.WhatsAppCloud;

/// <summary>WhatsApp through Meta's Cloud API: POST /{version}/{phone-number-id}/messages with a Bearer token (gateways.md B.1).</summary>
public sealed class MetaWhatsAppGateway(HttpClient http, GatewayEndpoints endpoints, IOptions<GatewayOptions> options, SendRetryPolicy retries, TimeProvider time)
    : IMessageGateway
{
    public MessageChannel Channel => MessageChannel.WhatsApp;

    public GatewayProvider Provider => GatewayProvider.MetaWhatsApp;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var problems = message.Validate(Provider);
        if (problems.Count > 0)
        {
            return new SendResult.PermanentFailure("invalid_message", string.Join(" ", problems), PermanentFailureKind.InvalidRequest);
        }

        var meta = options.Value.WhatsAppCloud;
        if (string.IsNullOrWhiteSpace(meta.PhoneNumberId) || string.IsNullOrWhiteSpace(meta.AccessToken))
        {
            return new SendResult.PermanentFailure("not_configured",
                "Gateways:WhatsAppCloud:PhoneNumberId and :AccessToken are not set.", PermanentFailureKind.AccountProblem);
        }

        var version = meta.ApiVersion.Trim();
        if (!version.StartsWith('v'))
        {
            version = "v" + version;
        }

        var url = $"{endpoints.MetaBaseUrl}/{Uri.EscapeDataString(version)}/{Uri.EscapeDataString(meta.PhoneNumberId.Trim())}/messages";
        var credentials = new AuthenticationHeaderValue("Bearer", meta.AccessToken.Trim());
        var body = MetaMessageBody.Build(message);

        return await retries.ExecuteAsync(async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = credentials;
            return await HttpSendAttempt.RunAsync(http, request, Interpret, token);
        }, cancellationToken);
    }

    private SendAttempt Interpret(HttpStatusCode status, HttpResponseMessage response, string body)
    {
        var code = (int)status;
        if (code is >= 200 and < 300)
        {
            return new(ReadAccepted(code, body));
        }

        var error = MetaErrorEnvelope.TryParse(body);
        if (error is null)
        {
            if (status == HttpStatusCode.TooManyRequests)
            {
                return new(new SendResult.TransientFailure(HttpSendAttempt.RetryAfter(response, time.GetUtcNow()), "http_429",
                    "Meta refused the request: too many requests."), SafeToRetryNow: true);
            }

            if (code >= 500)
            {
                return new(new SendResult.OutcomeUnknown($"Meta answered {code} without an error body; the message may have been accepted."));
            }

            return new(new SendResult.PermanentFailure($"http_{code}", $"Meta answered {code} without an error body.",
                status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? PermanentFailureKind.AccountProblem : PermanentFailureKind.Other));
        }

        // Meta documents deciding on error.code, not on the HTTP status.
        var codeText = error.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var errorClass = MetaErrorCodes.Classify(error.Code);
        if (!errorClass.IsTransient)
        {
            return new(new SendResult.PermanentFailure(codeText, error.Reason, errorClass.Kind));
        }

        var retryAfter = HttpSendAttempt.RetryAfter(response, time.GetUtcNow());
        return new(new SendResult.TransientFailure(retryAfter, codeText, error.Reason), MetaErrorCodes.IsSafeToRetryNow(error.Code));
    }

    private static SendResult ReadAccepted(int httpStatus, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (MetaJson.TryGetArray(document.RootElement, "messages", out var messages) && messages.GetArrayLength() > 0 &&
                MetaJson.GetString(messages[0], "id") is { Length: > 0 } wamid)
            {
                return new SendResult.Accepted(wamid, DeliveryStatus.Accepted, 1);
            }

            return new SendResult.OutcomeUnknown($"Meta answered {httpStatus} without a message id.");
        }
        catch (JsonException)
        {
            return new SendResult.OutcomeUnknown($"Meta answered {httpStatus} but the body was not JSON.");
        }
    }
}
