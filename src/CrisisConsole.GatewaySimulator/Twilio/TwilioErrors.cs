using System.Globalization;
using CrisisConsole.GatewaySimulator.Http;
using Microsoft.AspNetCore.Http;

namespace CrisisConsole.GatewaySimulator.Twilio;

/// <summary>A Twilio REST error: {"code", "message", "more_info", "status"} with the HTTP status repeated.</summary>
internal sealed record TwilioError(int Code, string Message, int Status = StatusCodes.Status400BadRequest)
{
    public int? RetryAfterSeconds { get; init; }

    public IResult ToResult() => new TwilioErrorResult(this);

    private sealed class TwilioErrorResult(TwilioError error) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = error.Status;
            if (error.RetryAfterSeconds is { } retryAfter)
            {
                httpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            }

            return httpContext.Response.WriteAsJsonAsync(new
            {
                code = error.Code,
                message = error.Message,
                more_info = "https://www.twilio.com/docs/errors/" + error.Code.ToString(CultureInfo.InvariantCulture),
                status = error.Status,
            }, ProviderResponses.Json);
        }
    }
}

/// <summary>
/// The codes the simulator answers with, and their messages. Twilio re-splits codes over time, so
/// clients should not hard-code much on them; the exact codes for missing From/Body are unconfirmed.
/// </summary>
internal static class TwilioErrors
{
    public static TwilioError Authenticate() => new(20003, "Authenticate", StatusCodes.Status401Unauthorized);

    public static TwilioError NotFound(string path) => new(20404, $"The requested resource {path} was not found", StatusCodes.Status404NotFound);

    public static TwilioError TooManyRequests(int? retryAfter) => new(20429, "Too Many Requests", StatusCodes.Status429TooManyRequests) { RetryAfterSeconds = retryAfter };

    public static TwilioError ServerError(int status) => new(20500, "An internal server error has occurred", status);

    public static TwilioError InvalidTo(string to) => new(21211, $"The 'To' number {to} is not a valid phone number.");

    public static TwilioError MissingBody() => new(21602, "Message body is required.");

    public static TwilioError MissingFrom() => new(21603, "A 'From' phone number is required.");

    public static TwilioError MissingTo() => new(21604, "A 'To' phone number is required.");

    public static TwilioError FromNotOwned(string from) =>
        new(21606, $"The 'From' phone number provided ({from}) is not a valid message-capable Twilio phone number for this destination/account.");

    public static TwilioError InvalidStatusCallback(string url) => new(21609, $"The StatusCallback URL {url} is not a valid URL.");

    public static TwilioError Unsubscribed() => new(21610, "Attempt to send to unsubscribed recipient");

    public static TwilioError BodyTooLong() => new(21617, "The concatenated message body exceeds the 1600 character limit.");

    public static TwilioError TooManyMedia() => new(21623, "Number of media files exceeds allowed limit of 10.");

    public static TwilioError InvalidMediaUrl(string url) => new(21620, $"Invalid media URL(s): {url}");

    public static TwilioError InvalidContentSid() => new(21655, "The ContentSid is Invalid.");

    public static TwilioError InvalidContentVariables() => new(21656, "The ContentVariables Parameter is invalid.");

    public static TwilioError InvalidMessagingService(string sid) => new(21701, $"The Messaging Service Sid {sid} is invalid.");

    public static TwilioError ChannelMismatch() => new(21910, "Invalid From and To pair. From and To should be of the same channel.");

    public static TwilioError SameToAndFrom() => new(21266, "'To' and 'From' number cannot be the same");

    /// <summary>An error injected by code through the admin API.</summary>
    public static TwilioError Injected(int code, int? status) => new(code, Describe(code), status ?? StatusCodes.Status400BadRequest);

    /// <summary>Text for a code, used for injected errors and the error_message of failed messages.</summary>
    public static string Describe(int code) => code switch
    {
        21211 => "The 'To' number is not a valid phone number.",
        21408 => "Permission to send an SMS has not been enabled for the region indicated by the 'To' number",
        21610 => "Attempt to send to unsubscribed recipient",
        21612 => "The 'To' phone number is not currently reachable via SMS",
        21614 => "'To' number is not a valid mobile number",
        30001 => "Queue overflow",
        30003 => "Unreachable destination handset",
        30005 => "Unknown destination handset",
        30006 => "Landline or unreachable carrier",
        30007 => "Message filtered",
        30008 => "Unknown error",
        63003 => "Channel could not find To address",
        63014 => "Message delivery failed: the user has blocked this sender",
        63016 => "Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.",
        63018 => "Rate limit exceeded for Channel",
        _ => $"Simulated error {code}",
    };

    /// <summary>Carrier errors arrive after "sent" as undelivered; the rest fail before leaving Twilio.</summary>
    public static bool IsCarrierError(int code) => code is >= 30003 and <= 30008;
}
