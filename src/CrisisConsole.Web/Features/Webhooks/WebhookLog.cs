namespace CrisisConsole.Web.Features.Webhooks;

/// <summary>Webhook log lines. None carries a phone number, a message text, a signature or a secret.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Source} webhook on {Path}: {Reason}")]
    public static partial void Refused(ILogger logger, WebhookSource source, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Source} webhook on {Path}: body over {Limit} bytes")]
    public static partial void TooLarge(ILogger logger, WebhookSource source, string path, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused malformed {Source} webhook on {Path}: {Error}")]
    public static partial void Malformed(ILogger logger, WebhookSource source, string path, string error);

    [LoggerMessage(Level = LogLevel.Debug,
        Message = "Stored {Source} webhook: {Advanced} advanced, {Unchanged} unchanged, {Duplicates} duplicates, {Pending} pending, {Inbound} inbound")]
    public static partial void Stored(ILogger logger, WebhookSource source, int advanced, int unchanged, int duplicates, int pending, int inbound);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meta reported a platform error {Code}: {Title}")]
    public static partial void PlatformError(ILogger logger, string code, string? title);

    [LoggerMessage(Level = LogLevel.Information, Message = "Meta webhook verification answered")]
    public static partial void Verified(ILogger logger);
}
