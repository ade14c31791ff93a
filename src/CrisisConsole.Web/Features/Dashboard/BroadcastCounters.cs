using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Deliveries;

namespace CrisisConsole.Web.Features.Dashboard;

public sealed record ChannelStatusCount(MessageChannel Channel, DeliveryStatus Status, int Count);

/// <summary>
/// A broadcast's counters as read in one refresh: deliveries per (channel, status) and check-ins per
/// answer, all from the aggregate tables (a handful of rows), never from the deliveries themselves.
/// </summary>
public sealed record BroadcastCounters(IReadOnlyList<ChannelStatusCount> Statuses, int Safe, int NeedsHelp)
{
    public static readonly BroadcastCounters Empty = new([], 0, 0);

    public int Deliveries => Statuses.Sum(s => s.Count);

    public int Count(DeliveryStatus status) => Statuses.Where(s => s.Status == status).Sum(s => s.Count);

    public int Count(MessageChannel channel, DeliveryStatus status) =>
        Statuses.Where(s => s.Channel == channel && s.Status == status).Sum(s => s.Count);

    /// <summary>Not yet sent: waiting, or with the provider but not reported sent.</summary>
    public int Unfinished => Count(DeliveryStatus.Pending) + Count(DeliveryStatus.Accepted) + Count(DeliveryStatus.Queued) + Count(DeliveryStatus.Sending);

    /// <summary>Reached sent or beyond without failing (sent, delivered, read).</summary>
    public int ReachedSent => Count(DeliveryStatus.Sent) + ReachedDelivered;

    /// <summary>Delivered, including the ones read since.</summary>
    public int ReachedDelivered => Count(DeliveryStatus.Delivered) + Count(DeliveryStatus.Read);

    public int Read => Count(DeliveryStatus.Read);

    public int Failed => Count(DeliveryStatus.Failed) + Count(DeliveryStatus.Undelivered);

    /// <summary>Deliveries the messaging service has dealt with (anything but pending); its rise over time is the send rate.</summary>
    public int Processed => Deliveries - Count(DeliveryStatus.Pending);

    public int Answered => Safe + NeedsHelp;

    public int NoAnswer(int recipients) => Math.Max(0, recipients - Answered);

    /// <summary>
    /// Recipients whose message has been sent or has ended (sent, delivered, read, failed): every
    /// recipient minus what is still unfinished, so an SMS fallback still waiting keeps its recipient
    /// open; never more than the finished deliveries, so a broadcast without rows yet shows nothing done.
    /// </summary>
    public int Done(int recipients) => Math.Clamp(Math.Min(recipients, Deliveries) - Unfinished, 0, recipients);

    public double Progress(int recipients) => recipients <= 0 ? 0 : (double)Done(recipients) / recipients;
}
