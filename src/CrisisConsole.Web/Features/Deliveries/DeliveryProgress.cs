using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Web.Features.Deliveries;

/// <summary>
/// The status-bearing part of a delivery, and the one rule for applying an event to it. Pure, so the
/// webhook path, the send path and the tests all share it.
/// </summary>
public sealed record DeliveryProgress(
    DeliveryStatus Status,
    DateTimeOffset? SentAt = null,
    DateTimeOffset? DeliveredAt = null,
    DateTimeOffset? ReadAt = null,
    DateTimeOffset? FailedAt = null,
    string? ErrorCode = null,
    string? ErrorReason = null)
{
    public const int MaxErrorReasonLength = 1000;

    public static DeliveryProgress Of(Delivery delivery) => new(delivery.Status, delivery.SentAt, delivery.DeliveredAt,
        delivery.ReadAt, delivery.FailedAt, delivery.ErrorCode, delivery.ErrorReason);

    public DeliveryProgress Apply(DeliveryStatus incoming, DateTimeOffset at, string? errorCode = null, string? errorReason = null)
    {
        var next = this;
        if (DeliveryStatusRank.Advances(Status, incoming))
        {
            next = DeliveryStatusRank.IsFailure(incoming)
                ? next with
                {
                    Status = incoming,
                    FailedAt = at,
                    ErrorCode = errorCode,
                    ErrorReason = Truncate(errorReason),
                }
                // Reaching delivered or read overrides an earlier failure report entirely.
                : next with { Status = incoming, FailedAt = null, ErrorCode = null, ErrorReason = null };
        }

        // Milestone times take the earliest report, so a late callback still fills in its time and the
        // result does not depend on the order of arrival.
        return incoming switch
        {
            DeliveryStatus.Sent => next with { SentAt = Earliest(next.SentAt, at) },
            DeliveryStatus.Delivered => next with { DeliveredAt = Earliest(next.DeliveredAt, at) },
            // Meta skips "delivered" when a message is read at once; read implies delivered by then.
            DeliveryStatus.Read => next with { ReadAt = Earliest(next.ReadAt, at), DeliveredAt = Earliest(next.DeliveredAt, at) },
            _ => next,
        };
    }

    private static DateTimeOffset Earliest(DateTimeOffset? known, DateTimeOffset reported) =>
        known is { } existing && existing <= reported ? existing : reported;

    private static string? Truncate(string? text) =>
        text is { Length: > MaxErrorReasonLength } ? text[..MaxErrorReasonLength] : text;
}
