namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>The messaging service's log messages. Ids and counts only: never a number, a name or a message text.</summary>
internal static partial class DispatchLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Messaging service started: {Lanes} senders, {MaxConcurrency} sends at once, rate limits {RateLimits}")]
    public static partial void Started(ILogger logger, int lanes, int maxConcurrency, string rateLimits);

    [LoggerMessage(Level = LogLevel.Information, Message = "Messaging service stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled {Count} deliveries left claimed by the previous run")]
    public static partial void StartupReconciled(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "A messaging service pass failed; trying again")]
    public static partial void PassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending delivery {DeliveryId} failed unexpectedly; it stays claimed and will be reconciled")]
    public static partial void SendCrashed(ILogger logger, long deliveryId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outcome of delivery {DeliveryId} was not written; it stays claimed and will be reconciled")]
    public static partial void OutcomeNotWritten(ILogger logger, long deliveryId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast {BroadcastId}: {Count} SMS fallbacks after WhatsApp was not delivered in time")]
    public static partial void FallbacksSwept(ILogger logger, int broadcastId, int count);
}
