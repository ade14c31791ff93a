namespace CrisisConsole.Gateways.Messaging;

/// <summary>
/// Sends one message through one provider over its real HTTP API (Twilio SMS, Twilio WhatsApp or the
/// WhatsApp Cloud API). The same implementations talk to the built-in simulator in Simulator mode.
/// </summary>
/// <remarks>
/// <para>Implementations are typed <see cref="HttpClient"/>s and safe to call concurrently.</para>
/// <para>
/// They retry by themselves only when the provider says the request was refused unprocessed because of
/// a rate limit (Twilio 429/20429; Meta 130429, 131056, 80007, 4), with bounded exponential back-off and
/// full jitter, honouring Retry-After. Everything else is returned to the caller, which owns scheduling.
/// They never retry after a request went out without an answer: that is
/// <see cref="SendResult.OutcomeUnknown"/>.
/// </para>
/// <para>
/// They never throw for provider or network trouble; the result says what happened. Cancelling
/// <c>cancellationToken</c> throws <see cref="OperationCanceledException"/> as usual, and then the outcome
/// of a request in flight is unknown.
/// </para>
/// </remarks>
public interface IMessageGateway
{
    /// <summary>The channel this gateway sends on.</summary>
    MessageChannel Channel { get; }

    /// <summary>The provider behind it; stored on each delivery and used to route webhooks back.</summary>
    GatewayProvider Provider { get; }

    /// <summary>
    /// Validates <paramref name="message"/> (refusing it as <see cref="PermanentFailureKind.InvalidRequest"/>
    /// without a call when invalid), sends it, and classifies the answer.
    /// </summary>
    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}
