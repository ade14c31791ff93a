using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Web.Features.Deliveries;

/// <summary>
/// The order statuses may move in: queued/accepted &lt; sending &lt; sent &lt; delivered &lt; read. A failure
/// (failed, undelivered) ranks just below delivered, so it replaces only the states before delivered,
/// and a delivery receipt still wins over an earlier failure (Meta's multi-device races). Only a strictly
/// higher rank moves a delivery, so duplicates and late arrivals change nothing and the end state is
/// the same whatever order the callbacks come in.
/// </summary>
public static class DeliveryStatusRank
{
    public static int Of(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => 0,
        DeliveryStatus.Accepted => 10,
        DeliveryStatus.Queued => 11,
        DeliveryStatus.Sending => 20,
        DeliveryStatus.Sent => 30,
        DeliveryStatus.Failed => 35,
        DeliveryStatus.Undelivered => 35,
        DeliveryStatus.Delivered => 40,
        DeliveryStatus.Read => 50,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool Advances(DeliveryStatus current, DeliveryStatus incoming) => Of(incoming) > Of(current);

    public static bool IsFailure(DeliveryStatus status) => status is DeliveryStatus.Failed or DeliveryStatus.Undelivered;
}
