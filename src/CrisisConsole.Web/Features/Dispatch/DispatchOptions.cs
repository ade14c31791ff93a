using CrisisConsole.Gateways.Messaging;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>
/// Section "Dispatch": how fast and through which provider the messaging service sends. The composer's
/// preview reads the same values to estimate the time to reach everyone.
/// </summary>
public sealed class DispatchOptions
{
    public const string Section = "Dispatch";

    /// <summary>
    /// Runs the messaging service. Off only where nothing may be sent (tests of approval that look at
    /// the rows before dispatch); /healthz then reports the service as degraded.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Which provider carries WhatsApp: MetaWhatsApp (Cloud API) or TwilioWhatsApp. SMS always goes through Twilio.</summary>
    public GatewayProvider WhatsAppProvider { get; set; } = GatewayProvider.MetaWhatsApp;

    /// <summary>Off only for benchmarks: the console must never be what limits a send.</summary>
    public bool RateLimitsEnabled { get; set; } = true;

    /// <summary>SMS messages (segments) per second for the sender; Twilio's default for a long code abroad is 10.</summary>
    public double SmsPerSecond { get; set; } = 10;

    /// <summary>WhatsApp messages per second for the sender; Meta's default per number is 80.</summary>
    public double WhatsAppPerSecond { get; set; } = 80;

    /// <summary>HTTP calls to the gateways in flight at once. Also bounds the duplicates a crash can cause.</summary>
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>Deliveries claimed per database round trip.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Unique recipients outside the 24-hour window that WhatsApp accepts in a rolling 24 hours (the portfolio's tier); 0 = unlimited.</summary>
    public int WhatsAppDailyReachLimit { get; set; } = 1000;

    /// <summary>WhatsApp's customer-service window: free-form text only this long after the person last wrote.</summary>
    public int WindowHours { get; set; } = 24;

    /// <summary>Attempts before a transiently failing delivery is given up as failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>With WhatsApp then SMS: minutes to wait for WhatsApp delivery before falling back, unless the broadcast sets its own.</summary>
    public int DefaultSmsFallbackMinutes { get; set; } = 10;

    /// <summary>How often the service looks for due deliveries when idle.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Back-off before the first retry of a transient failure; it doubles with each attempt (with jitter) up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long to wait before reconciling a send whose outcome is unknown (time-out, 5xx): long enough for
    /// Twilio to list the message or for Meta's status callback to name it.
    /// </summary>
    public TimeSpan ReconcileDelay { get; set; } = TimeSpan.FromSeconds(30);
}

internal sealed class DispatchOptionsValidator : IValidateOptions<DispatchOptions>
{
    public ValidateOptionsResult Validate(string? name, DispatchOptions options)
    {
        var errors = new List<string>();
        if (options.WhatsAppProvider is not (GatewayProvider.MetaWhatsApp or GatewayProvider.TwilioWhatsApp))
        {
            errors.Add("Dispatch:WhatsAppProvider must be MetaWhatsApp or TwilioWhatsApp.");
        }

        if (options.SmsPerSecond <= 0 || options.WhatsAppPerSecond <= 0)
        {
            errors.Add("Dispatch:SmsPerSecond and Dispatch:WhatsAppPerSecond must be greater than 0.");
        }

        if (options.MaxConcurrency is < 1 or > 1024)
        {
            errors.Add("Dispatch:MaxConcurrency must be between 1 and 1024.");
        }

        if (options.BatchSize is < 1 or > 5000)
        {
            errors.Add("Dispatch:BatchSize must be between 1 and 5000.");
        }

        if (options.WhatsAppDailyReachLimit < 0)
        {
            errors.Add("Dispatch:WhatsAppDailyReachLimit must be 0 (unlimited) or more.");
        }

        if (options.WindowHours is < 1 or > 168)
        {
            errors.Add("Dispatch:WindowHours must be between 1 and 168.");
        }

        if (options.MaxAttempts is < 1 or > 50)
        {
            errors.Add("Dispatch:MaxAttempts must be between 1 and 50.");
        }

        if (options.DefaultSmsFallbackMinutes is < 1 or > 1440)
        {
            errors.Add("Dispatch:DefaultSmsFallbackMinutes must be between 1 and 1440.");
        }

        if (options.PollInterval < TimeSpan.FromMilliseconds(10) || options.PollInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add("Dispatch:PollInterval must be between 00:00:00.010 and 00:01:00.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay || options.RetryMaxDelay > TimeSpan.FromHours(6))
        {
            errors.Add("Dispatch:RetryBaseDelay must be 0 or more, and Dispatch:RetryMaxDelay at least RetryBaseDelay and at most 06:00:00.");
        }

        if (options.ReconcileDelay < TimeSpan.Zero || options.ReconcileDelay > TimeSpan.FromHours(1))
        {
            errors.Add("Dispatch:ReconcileDelay must be between 00:00:00 and 01:00:00.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public static class DispatchOptionsRegistration
{
    /// <summary>Bound here so the composer (preview) and the messaging service read the same, validated values.</summary>
    public static void AddDispatchOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DispatchOptions>().BindConfiguration(DispatchOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DispatchOptions>, DispatchOptionsValidator>();
    }
}
