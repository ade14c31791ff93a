using System.Globalization;
using CrisisConsole.Gateways.Messaging;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>A message ready for its gateway, or the outcome that makes sending unnecessary.</summary>
public sealed record PreparedSend(OutboundMessage? Message, int Permits, bool NewReach, DeliveryOutcome? Outcome);

/// <summary>
/// The rules around one send: which content (template outside the WhatsApp window, free text inside it,
/// the recipient's language), the reach limit, and what each kind of result means for the delivery
/// (retry with back-off, fail, reconcile). Pure apart from the reach ledger, so the lanes stay small.
/// </summary>
public sealed class DeliverySender(WhatsAppReachLedger reach, IOptions<DispatchOptions> options, TimeProvider time)
{
    /// <summary>Source of jitter in [0, 1); replaceable in tests.</summary>
    internal Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    public async ValueTask<PreparedSend> PrepareAsync(DispatchWork work, CancellationToken cancellationToken)
    {
        var delivery = work.Delivery;
        if (work.Plan is null)
        {
            return Stop(Failed(delivery, DispatchErrorCodes.ContentProblem, "Not sent: the broadcast or its template no longer exists."));
        }

        var content = work.Plan.ContentFor(delivery.Language, delivery.Provider, work.InsideWindow);
        if (content.Message is null)
        {
            return Stop(Failed(delivery, DispatchErrorCodes.ContentProblem, "Not sent: " + content.ProblemReason));
        }

        var newReach = false;
        if (delivery.Channel == MessageChannel.WhatsApp && !work.InsideWindow)
        {
            var (allowed, isNew) = await reach.TryReserveAsync(delivery.ToAddress, cancellationToken);
            if (!allowed)
            {
                return Stop(Failed(delivery, DispatchErrorCodes.ReachLimit,
                    $"Not sent on WhatsApp: the daily reach limit ({reach.Limit.ToString("N0", CultureInfo.InvariantCulture)} people outside " +
                    "the 24-hour window in a rolling 24 hours) is used up."));
            }

            newReach = isNew;
        }

        var message = content.Message with { To = delivery.ToAddress, CorrelationId = delivery.Id.ToString(CultureInfo.InvariantCulture) };
        return new PreparedSend(message, content.Segments, newReach, null);
    }

    /// <summary>What the gateway's answer means for the delivery.</summary>
    public DeliveryOutcome Interpret(DispatchWork work, PreparedSend prepared, SendResult result)
    {
        var delivery = work.Delivery;
        var now = time.GetUtcNow();
        var settings = options.Value;
        if (result is not (SendResult.Accepted or SendResult.OutcomeUnknown) && prepared.NewReach)
        {
            // Nothing reached the person, so they do not count against the daily limit.
            reach.Release(delivery.ToAddress);
        }

        switch (result)
        {
            case SendResult.Accepted accepted:
                return new DeliveryOutcome(delivery, OutcomeKind.Accepted, accepted.ProviderMessageId, accepted.InitialStatus,
                    FallbackTimer: work.Plan?.FallbackTimer(delivery.Channel, now), NewReach: prepared.NewReach);
            case SendResult.PermanentFailure permanent:
                return Failed(delivery, permanent.ProviderCode, permanent.Reason);
            case SendResult.TransientFailure transient when delivery.AttemptCount >= settings.MaxAttempts:
                return Failed(delivery, transient.Code,
                    $"Gave up after {delivery.AttemptCount.ToString(CultureInfo.InvariantCulture)} attempts: {transient.Reason}");
            case SendResult.TransientFailure transient:
                var wait = RetrySchedule.DelayFor(delivery.AttemptCount, transient.RetryAfter, settings.RetryBaseDelay, settings.RetryMaxDelay, Jitter());
                return new DeliveryOutcome(delivery, OutcomeKind.Retry, ErrorCode: transient.Code, Reason: "Will retry: " + transient.Reason, At: now + wait);
            case SendResult.OutcomeUnknown unknown:
                return new DeliveryOutcome(delivery, OutcomeKind.Unknown, Reason: "Outcome unknown, to be reconciled: " + unknown.Reason,
                    At: now + settings.ReconcileDelay);
            default:
                throw new ArgumentOutOfRangeException(nameof(result), result, null);
        }
    }

    /// <summary>Gives back what <see cref="PrepareAsync"/> reserved, for a message that was never sent.</summary>
    public void Unprepare(DispatchWork work, PreparedSend? prepared)
    {
        if (prepared is { NewReach: true })
        {
            reach.Release(work.Delivery.ToAddress);
        }
    }

    public static DeliveryOutcome Failed(ClaimedDelivery delivery, string? code, string reason) =>
        new(delivery, OutcomeKind.Failed, ErrorCode: code, Reason: reason);

    private static PreparedSend Stop(DeliveryOutcome outcome) => new(null, 0, false, outcome);
}
