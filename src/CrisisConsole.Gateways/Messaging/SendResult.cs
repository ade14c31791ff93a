namespace CrisisConsole.Gateways.Messaging;

/// <summary>
/// What became of one send. Exactly one of four cases, so a caller can switch over them:
/// <list type="bullet">
/// <item><see cref="Accepted"/>: the provider took the message; later statuses arrive by webhook.</item>
/// <item><see cref="TransientFailure"/>: refused for now, nothing was sent; sending again later is safe.</item>
/// <item><see cref="PermanentFailure"/>: refused for good; sending the same again will fail the same way.</item>
/// <item><see cref="OutcomeUnknown"/>: the request went out but no answer came back (time-out, dropped
/// connection, 5xx). The message may or may not exist: reconcile before sending again.</item>
/// </list>
/// Reasons are the provider's words and may quote the recipient's number: store them, never log them.
/// </summary>
public abstract record SendResult
{
    private SendResult()
    {
    }

    /// <param name="ProviderMessageId">Twilio's SM/MM sid or Meta's wamid; statuses are keyed on it.</param>
    /// <param name="InitialStatus">Queued or Accepted (no webhook comes for this first status).</param>
    /// <param name="Segments">Billed SMS segments (1 for WhatsApp).</param>
    public sealed record Accepted(string ProviderMessageId, DeliveryStatus InitialStatus, int Segments) : SendResult;

    /// <param name="RetryAfter">When the provider said (Retry-After), or null to choose a back-off.</param>
    /// <param name="Code">The provider's error code (e.g. "20429", "130429"), or "http_503", "connect_failed".</param>
    public sealed record TransientFailure(TimeSpan? RetryAfter, string Code, string Reason) : SendResult;

    /// <param name="ProviderCode">The provider's error code (e.g. "21211", "131026"), or "invalid_message" when we refused it ourselves.</param>
    public sealed record PermanentFailure(string ProviderCode, string Reason, PermanentFailureKind Kind) : SendResult;

    public sealed record OutcomeUnknown(string Reason) : SendResult;
}

/// <summary>Why a send failed for good; decides what the dispatcher does next (fallback, template, stop).</summary>
public enum PermanentFailureKind
{
    /// <summary>Not a valid or reachable number (Twilio 21211, 21614, 21635, 30005).</summary>
    InvalidNumber,

    /// <summary>The person opted out or blocked the sender (Twilio 21610, 63014; Meta 131050).</summary>
    OptedOut,

    /// <summary>No WhatsApp on this number (Meta 131026): fall back to SMS.</summary>
    NotOnWhatsApp,

    /// <summary>Free-form outside the 24-hour window (Twilio 63016, Meta 131047): send a template.</summary>
    WindowClosed,

    /// <summary>Template missing, not approved, paused or with wrong parameters (Meta 132xxx).</summary>
    TemplateProblem,

    /// <summary>The channel refused the content (Twilio 63021; Meta 131052, 131053).</summary>
    ContentRejected,

    /// <summary>The destination cannot be reached from this sender or region (Twilio 21408, 21612, 30006; Meta 130497).</summary>
    Unroutable,

    /// <summary>Filtered by the carrier or Twilio as spam or unregistered traffic (Twilio 30007).</summary>
    Filtered,

    /// <summary>Meta limits messages to this person for now (131049): do not resend for a day.</summary>
    RecipientLimited,

    /// <summary>Our request was wrong (bad parameter, unsupported type, or refused before sending).</summary>
    InvalidRequest,

    /// <summary>Credentials, permissions, sender or account problem (Twilio 20003, 21606; Meta 190, 368...): nothing will send until an admin acts.</summary>
    AccountProblem,

    Other,
}
