using System.Text.Json;
using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Gateways.Phone;
using CrisisConsole.GatewaySimulator.Admin;
using CrisisConsole.GatewaySimulator.Configuration;
using CrisisConsole.GatewaySimulator.Faults;
using CrisisConsole.GatewaySimulator.Recipients;
using CrisisConsole.GatewaySimulator.Storage;
using CrisisConsole.GatewaySimulator.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisConsole.GatewaySimulator.Meta;

/// <summary>
/// POST /{version}/{phone-number-id}/messages: validate, apply the throughput bucket and the 24-hour
/// window, create the wamid, start the status lifecycle and answer 200. Mark-as-read answers {"success":true}.
/// </summary>
internal sealed class MetaSendHandler(
    IOptions<GatewayOptions> gateways,
    SimulatorSettingsStore settings,
    MessageStore<MetaMessage> store,
    MetaThroughputLimiter throughput,
    ConversationWindows windows,
    MetaLifecycle lifecycle,
    FaultInjector faults,
    SimulatorCounters counters,
    TrafficLog traffic,
    TimeProvider time,
    ILogger<MetaSendHandler> logger)
{
    public async Task<IResult> SendAsync(string phoneNumberId, HttpContext http)
    {
        var meta = gateways.Value.WhatsAppCloud;
        var current = settings.Current;
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            return Reject(MetaErrors.InvalidParameter("The request body is not valid JSON."), null);
        }

        using (document)
        {
            var root = document.RootElement;
            if (!string.Equals(phoneNumberId, meta.PhoneNumberId, StringComparison.Ordinal))
            {
                return Reject(MetaErrors.UnknownObject(phoneNumberId), null);
            }

            if (root.ValueKind == JsonValueKind.Object && MetaSendRequest.StringOf(root, "status") == "read")
            {
                return Results.Json(new { success = true }, ProviderResponses.Json);
            }

            var error = MetaSendRequest.TryParse(root, current.Meta, out var request);
            if (error is null && faults.Take(FaultTarget.Meta, FaultKind.RejectWithError, request!.Recipient) is { } injected)
            {
                error = MetaErrors.Injected(injected.ErrorCode ?? 131000, injected.StatusCode);
            }

            if (error is null && current.RateLimits.MetaEnabled && !throughput.TryTake(phoneNumberId, current.RateLimits.MetaMessagesPerSecond))
            {
                error = MetaErrors.RateLimited(current.RateLimits.MetaRateLimitHttpStatus);
            }

            MetaError? asyncFailure = null;
            if (error is null)
            {
                asyncFailure = PredictFailure(request!, phoneNumberId, current);
                if (asyncFailure is not null && IsSync(asyncFailure, current.Meta))
                {
                    error = asyncFailure;
                }
            }

            if (error is not null)
            {
                return Reject(error, request?.Recipient);
            }

            var message = Create(request!, phoneNumberId);
            if (faults.Take(FaultTarget.Meta, FaultKind.FailAfterAccept, request!.Recipient) is { } failAfter)
            {
                asyncFailure = MetaErrors.Injected(failAfter.ErrorCode ?? 131000, null);
            }

            lifecycle.Start(message, asyncFailure);
            Record(StatusCodes.Status200OK, null, request.Recipient, message.Id, request.Type);

            if (faults.Take(FaultTarget.Meta, FaultKind.ServerErrorAfterAccept, request.Recipient) is { } outage)
            {
                return MetaErrors.ServerError(outage.StatusCode ?? StatusCodes.Status500InternalServerError).ToResult();
            }

            if (faults.Take(FaultTarget.Meta, FaultKind.TimeoutAfterAccept, request.Recipient) is { } timeout)
            {
                await ProviderResponses.AbortAfterAsync(http, timeout.HangMilliseconds ?? 0);
                return Results.Empty;
            }

            return Results.Json(new
            {
                messaging_product = "whatsapp",
                contacts = new[] { new { input = request.Input, wa_id = request.WaId } },
                messages = new[] { new { id = message.Id } },
            }, ProviderResponses.Json);
        }
    }

    private MetaError? PredictFailure(MetaSendRequest request, string phoneNumberId, SimulatorSettings current)
    {
        var profile = RecipientProfile.For(request.Recipient, current.Recipients);
        if (!profile.OnWhatsApp)
        {
            return MetaErrors.Undeliverable();
        }

        if (!request.IsTemplate && !windows.IsOpen(ConversationWindows.MetaSender(phoneNumberId), request.Recipient))
        {
            return MetaErrors.ReEngagement();
        }

        return null;
    }

    private static bool IsSync(MetaError failure, MetaBehaviour behaviour) => failure.Code switch
    {
        MetaErrors.ReEngagementCode => behaviour.WindowViolation == WindowViolationMode.Sync,
        MetaErrors.UndeliverableCode => behaviour.NotOnWhatsApp == WindowViolationMode.Sync,
        _ => false,
    };

    private MetaMessage Create(MetaSendRequest request, string phoneNumberId)
    {
        var now = time.GetUtcNow();
        var message = new MetaMessage
        {
            Id = MetaIds.NewWamid(request.Recipient),
            PhoneNumberId = phoneNumberId,
            Recipient = request.Recipient,
            Direction = "outbound",
            Type = request.Type,
            Text = request.Text,
            Buttons = request.Buttons,
            ButtonStyle = request.ButtonStyle,
            TemplateCategory = request.TemplateCategory,
            BizOpaqueCallbackData = request.BizOpaqueCallbackData,
            CreatedAt = now,
            UpdatedAt = now,
            Status = "accepted",
        };
        store.Add(message.Id, message);
        counters.MetaReceived();
        return message;
    }

    private IResult Reject(MetaError error, string? recipient)
    {
        counters.MetaRejected();
        MetaLog.SendRefused(logger, error.Code, recipient is null ? "(unknown)" : E164.Mask(recipient));
        Record(error.HttpStatus, error.Code, recipient, null, error.Title);
        return error.ToResult();
    }

    private void Record(int status, int? code, string? recipient, string? id, string detail) =>
        traffic.Add(new TrafficEntry(time.GetUtcNow(), TrafficDirection.ApiRequest, "meta", "send", status, code, recipient, id, detail));
}

internal static partial class MetaLog
{
    [LoggerMessage(EventId = 7400, Level = LogLevel.Debug, Message = "Simulated Meta refused a send to {Recipient} with {Code}")]
    public static partial void SendRefused(ILogger logger, int code, string recipient);
}
