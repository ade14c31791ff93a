using CrisisConsole.Gateways.Errors;
using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>
/// The error codes the messaging service writes on deliveries it fails itself (the providers' own codes
/// are numbers). They sit in <c>Delivery.ErrorCode</c> beside a reason for people.
/// </summary>
public static class DispatchErrorCodes
{
    /// <summary>The contact opted out (or was deleted) after approval; nothing was sent. Never falls back.</summary>
    public const string OptedOut = "opted_out";

    /// <summary>The broadcast was cancelled before this message was sent. Never falls back.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>WhatsApp's daily reach limit (unique people outside the 24-hour window) was used up.</summary>
    public const string ReachLimit = "reach_limit";

    /// <summary>The message could not be built: no approved WhatsApp template for the language, a variable without value...</summary>
    public const string ContentProblem = "content_problem";

    /// <summary>No gateway is registered for the delivery's provider.</summary>
    public const string NoGateway = "no_gateway";

    /// <summary>
    /// Whether a failed WhatsApp delivery with this error code may be re-sent by SMS. Not when the person
    /// opted out or blocked us, not when the number itself is invalid, and not when the operator cancelled.
    /// </summary>
    public static bool AllowsSmsFallback(GatewayProvider provider, string? errorCode)
    {
        if (errorCode is OptedOut or Cancelled)
        {
            return false;
        }

        if (errorCode is null || errorCode is ReachLimit or ContentProblem or NoGateway || !char.IsAsciiDigit(errorCode[0]))
        {
            return true;
        }

        var errorClass = GatewayErrorCodes.Classify(provider, errorCode);
        return errorClass.IsTransient || errorClass.Kind is not (PermanentFailureKind.OptedOut or PermanentFailureKind.InvalidNumber);
    }
}
