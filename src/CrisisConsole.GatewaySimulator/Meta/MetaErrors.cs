using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CrisisConsole.GatewaySimulator.Meta;

/// <summary>
/// A Graph API error. Synchronously it is the envelope of B.1:
/// {"error":{"message":"(#code) Title","type":"OAuthException","code":…,"error_data":{"messaging_product":"whatsapp","details":…},"fbtrace_id":…}};
/// asynchronously it becomes errors[] of a failed status.
/// </summary>
internal sealed record MetaError(int Code, string Title, string Details, int HttpStatus = StatusCodes.Status400BadRequest)
{
    public IResult ToResult() => new MetaErrorResult(this);

    public static string NewTraceId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');

    private sealed class MetaErrorResult(MetaError error) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = error.HttpStatus;
            httpContext.Response.ContentType = "application/json";
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                Write(writer);
            }

            await httpContext.Response.Body.WriteAsync(buffer.WrittenMemory);
        }

        private void Write(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            if (error.Code == MetaErrors.AuthCode)
            {
                // Token errors carry no WhatsApp error_data.
                writer.WriteString("message", error.Title);
                writer.WriteString("type", "OAuthException");
                writer.WriteNumber("code", error.Code);
            }
            else
            {
                writer.WriteString("message", $"(#{error.Code}) {error.Title}");
                writer.WriteString("type", "OAuthException");
                writer.WriteNumber("code", error.Code);
                writer.WriteStartObject("error_data");
                writer.WriteString("messaging_product", "whatsapp");
                writer.WriteString("details", error.Details);
                writer.WriteEndObject();
            }

            writer.WriteString("fbtrace_id", NewTraceId());
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }
}

/// <summary>The codes the simulator answers with (Meta's error-code table); HTTP 400 unless noted, since Meta's mapping is unconfirmed.</summary>
internal static class MetaErrors
{
    public const int AuthCode = 190;
    public const int RateLimitCode = 130429;
    public const int ReEngagementCode = 131047;
    public const int UndeliverableCode = 131026;

    public static MetaError InvalidToken() =>
        new(AuthCode, "Invalid OAuth access token - Cannot parse access token", "", StatusCodes.Status401Unauthorized);

    public static MetaError UnknownObject(string id) =>
        new(100, $"Unsupported post request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
            "Check the phone number id in the URL.");

    public static MetaError InvalidParameter(string details) => new(100, "Invalid parameter", details);

    public static MetaError MissingParameter(string details) => new(131008, "Required parameter is missing", details);

    public static MetaError InvalidValue(string details) => new(131009, "Parameter value is not valid", details);

    public static MetaError RateLimited(int httpStatus) =>
        new(RateLimitCode, "Rate limit hit", "Cloud API message throughput has been reached.", httpStatus);

    public static MetaError ReEngagement() =>
        new(ReEngagementCode, "Re-engagement message", "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");

    public static MetaError Undeliverable() =>
        new(UndeliverableCode, "Message undeliverable", "Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number.");

    public static MetaError TemplateParamCount(string section, int given, int expected) =>
        new(132000, "Number of parameters does not match the expected number of params",
            $"{section}: number of localizable_params ({given}) does not match the expected number of params ({expected})");

    public static MetaError TemplateMissing(string name, string language) =>
        new(132001, "Template name does not exist in the translation", $"template name ({name}) does not exist in {language}");

    public static MetaError TemplatePaused(string name) => new(132015, "Template is paused", $"Template {name} is paused due to low quality.");

    public static MetaError TemplateDisabled(string name) => new(132016, "Template has been disabled", $"Template {name} has been permanently disabled.");

    public static MetaError ServerError(int httpStatus) => new(131000, "Something went wrong", "Message failed to send because of an unknown error.", httpStatus);

    /// <summary>An error injected by code through the admin API.</summary>
    public static MetaError Injected(int code, int? httpStatus) => code switch
    {
        AuthCode => InvalidToken() with { HttpStatus = httpStatus ?? StatusCodes.Status401Unauthorized },
        RateLimitCode => RateLimited(httpStatus ?? StatusCodes.Status400BadRequest),
        ReEngagementCode => ReEngagement() with { HttpStatus = httpStatus ?? StatusCodes.Status400BadRequest },
        UndeliverableCode => Undeliverable() with { HttpStatus = httpStatus ?? StatusCodes.Status400BadRequest },
        _ => new MetaError(code, Title(code), $"Simulated error {code}.", httpStatus ?? StatusCodes.Status400BadRequest),
    };

    private static string Title(int code) => code switch
    {
        4 => "Application request limit reached",
        368 => "Temporarily blocked for policies violations",
        80007 => "Rate limit issues",
        131000 => "Something went wrong",
        131049 => "This message was not delivered to maintain healthy ecosystem engagement.",
        131050 => "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.",
        131053 => "Media upload error",
        131056 => "(Business Account, Consumer Account) pair rate limit hit",
        _ => "Simulated error",
    };
}
