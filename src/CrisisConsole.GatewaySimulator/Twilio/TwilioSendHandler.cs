using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Gateways.Phone;
using CrisisConsole.GatewaySimulator.Admin;
using CrisisConsole.GatewaySimulator.Faults;
using CrisisConsole.GatewaySimulator.Http;
using CrisisConsole.GatewaySimulator.Recipients;
using CrisisConsole.GatewaySimulator.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisConsole.GatewaySimulator.Twilio;

/// <summary>POST …/Messages.json: validate, check the opt-out list, create, start the lifecycle, answer 201.</summary>
internal sealed class TwilioSendHandler(
    IOptions<GatewayOptions> gateways,
    MessageStore<TwilioMessage> store,
    TwilioOptOuts optOuts,
    TwilioLifecycle lifecycle,
    FaultInjector faults,
    SimulatorCounters counters,
    TrafficLog traffic,
    TimeProvider time,
    ILogger<TwilioSendHandler> logger)
{
    public async Task<IResult> CreateAsync(HttpContext http)
    {
        var account = gateways.Value.Twilio;
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : FormCollection.Empty;
        var error = TwilioSendRequest.TryParse(form, account, out var request);
        if (error is null && faults.Take(FaultTarget.Twilio, FaultKind.RejectWithError, request!.Recipient) is { } injected)
        {
            error = TwilioErrors.Injected(injected.ErrorCode ?? 30008, injected.StatusCode);
        }

        if (error is null && optOuts.IsBlocked(request!.To, request.Sender, request.MessagingServiceSid))
        {
            error = TwilioErrors.Unsubscribed();
        }

        if (error is not null)
        {
            counters.TwilioRejected();
            TwilioLog.SendRefused(logger, error.Code, E164.Mask(request?.Recipient ?? TwilioAddress.StripChannel(form["To"].ToString())));
            Record(error.Status, error.Code, request?.Recipient ?? form["To"].ToString(), null, error.Message);
            return error.ToResult();
        }

        var message = Create(request!, account);
        var failAfter = faults.Take(FaultTarget.Twilio, FaultKind.FailAfterAccept, request!.Recipient);
        lifecycle.Start(message, failAfter is null ? null : failAfter.ErrorCode ?? 30008);
        Record(StatusCodes.Status201Created, null, request.Recipient, message.Sid, request.IsTemplate ? "template " + request.ContentSid : "created");

        if (faults.Take(FaultTarget.Twilio, FaultKind.ServerErrorAfterAccept, request.Recipient) is { } outage)
        {
            return TwilioErrors.ServerError(outage.StatusCode ?? StatusCodes.Status500InternalServerError).ToResult();
        }

        if (faults.Take(FaultTarget.Twilio, FaultKind.TimeoutAfterAccept, request.Recipient) is { } timeout)
        {
            await ProviderResponses.AbortAfterAsync(http, timeout.HangMilliseconds ?? 0);
            return Results.Empty;
        }

        return Results.Json(message.ToResource(), ProviderResponses.Json, statusCode: StatusCodes.Status201Created);
    }

    private TwilioMessage Create(TwilioSendRequest request, TwilioOptions account)
    {
        var now = time.GetUtcNow();
        var sms = request.Channel == SimulatedChannel.Sms;
        var segments = request.IsTemplate || !sms ? 1 : Math.Max(1, Gateways.Sms.SmsSegmentCounter.Count(request.Body).Segments);
        var message = new TwilioMessage
        {
            Sid = TwilioCallbackFields.NewSid(request.NumMedia > 0 ? "MM" : "SM"),
            AccountSid = account.AccountSid ?? "",
            To = request.To,
            Sender = request.Sender,
            Person = request.Recipient,
            Channel = request.Channel,
            Direction = "outbound-api",
            MessagingServiceSid = request.MessagingServiceSid,
            Body = request.Body ?? "",
            NumMedia = request.NumMedia,
            Segments = segments,
            StatusCallback = request.StatusCallback,
            ContentSid = request.ContentSid,
            DateCreated = now,
            DateUpdated = now,
            Status = request.MessagingServiceSid is null ? "queued" : "accepted",
        };

        store.Add(message.Sid, message);
        if (sms)
        {
            counters.TwilioSmsReceived();
        }
        else
        {
            counters.TwilioWhatsAppReceived();
        }

        return message;
    }

    private void Record(int status, int? code, string? recipient, string? sid, string detail) =>
        traffic.Add(new TrafficEntry(time.GetUtcNow(), TrafficDirection.ApiRequest, "twilio", "send", status, code, recipient, sid, detail));
}

internal static partial class TwilioLog
{
    [LoggerMessage(EventId = 7300, Level = LogLevel.Debug, Message = "Simulated Twilio refused a send to {Recipient} with {Code}")]
    public static partial void SendRefused(ILogger logger, int code, string recipient);
}
