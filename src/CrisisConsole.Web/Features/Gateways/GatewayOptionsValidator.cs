using System.Text.RegularExpressions;
using CrisisConsole.Gateways.Configuration;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Gateways;

/// <summary>
/// Gathers every problem with section "Gateways", each naming the key to fix. Live mode needs Twilio
/// (SMS is the fallback everything relies on) and a public URL; the WhatsApp Cloud keys are needed
/// only once any of them is set.
/// </summary>
internal sealed partial class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    private const string Twilio = "Gateways:Twilio:";
    private const string Meta = "Gateways:WhatsAppCloud:";

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var problems = new List<string>();
        RequireUrl(problems, "Gateways:PublicBaseUrl", options.PublicBaseUrl);
        RequireUrl(problems, Twilio + "BaseUrl", options.Twilio.BaseUrl);
        RequireUrl(problems, Twilio + "StatusCallbackUrl", options.Twilio.StatusCallbackUrl);
        RequireUrl(problems, Meta + "BaseUrl", options.WhatsAppCloud.BaseUrl);
        if (!ApiVersionPattern().IsMatch(options.WhatsAppCloud.ApiVersion ?? ""))
        {
            problems.Add($"{Meta}ApiVersion must look like v21.0.");
        }

        if (options.Mode == GatewayMode.Live)
        {
            RequireInLive(problems, "Gateways:PublicBaseUrl", options.PublicBaseUrl);
            RequireInLive(problems, Twilio + "AccountSid", options.Twilio.AccountSid);
            RequireInLive(problems, Twilio + "AuthToken", options.Twilio.AuthToken);
            if (IsBlank(options.Twilio.SmsFrom) && IsBlank(options.Twilio.MessagingServiceSid))
            {
                problems.Add($"{Twilio}SmsFrom or {Twilio}MessagingServiceSid is required when Gateways:Mode is Live.");
            }

            if (!IsBlank(options.Twilio.AccountSid) && !AccountSidPattern().IsMatch(options.Twilio.AccountSid!.Trim()))
            {
                problems.Add($"{Twilio}AccountSid must be AC followed by 32 hexadecimal characters.");
            }

            var meta = options.WhatsAppCloud;
            string?[] metaKeys = [meta.PhoneNumberId, meta.AccessToken, meta.AppSecret, meta.VerifyToken];
            if (metaKeys.Any(value => !IsBlank(value)))
            {
                RequireInLive(problems, Meta + "PhoneNumberId", meta.PhoneNumberId);
                RequireInLive(problems, Meta + "AccessToken", meta.AccessToken);
                RequireInLive(problems, Meta + "AppSecret", meta.AppSecret);
                RequireInLive(problems, Meta + "VerifyToken", meta.VerifyToken);
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void RequireInLive(List<string> problems, string key, string? value)
    {
        if (IsBlank(value))
        {
            problems.Add($"{key} is required when Gateways:Mode is Live.");
        }
    }

    private static void RequireUrl(List<string> problems, string key, string? value)
    {
        if (!IsBlank(value) && (!Uri.TryCreate(value!.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            problems.Add($"{key} must be an absolute http or https URL.");
        }
    }

    private static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    [GeneratedRegex(@"^v?\d+\.\d+$")]
    private static partial Regex ApiVersionPattern();

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial Regex AccountSidPattern();
}

internal sealed class SendRetryOptionsValidator : IValidateOptions<CrisisConsole.Gateways.Retries.SendRetryOptions>
{
    public ValidateOptionsResult Validate(string? name, CrisisConsole.Gateways.Retries.SendRetryOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
