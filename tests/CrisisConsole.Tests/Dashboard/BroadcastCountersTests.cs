using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Dashboard;

namespace CrisisConsole.Tests.Dashboard;

public sealed class BroadcastCountersTests
{
    [Fact]
    public void Sent_delivered_and_read_are_cumulative_and_failures_are_apart()
    {
        var counters = new BroadcastCounters(
        [
            new(MessageChannel.WhatsApp, DeliveryStatus.Read, 4),
            new(MessageChannel.WhatsApp, DeliveryStatus.Delivered, 3),
            new(MessageChannel.Sms, DeliveryStatus.Sent, 2),
            new(MessageChannel.WhatsApp, DeliveryStatus.Failed, 1),
            new(MessageChannel.Sms, DeliveryStatus.Undelivered, 1),
            new(MessageChannel.Sms, DeliveryStatus.Pending, 5),
            new(MessageChannel.Sms, DeliveryStatus.Queued, 1),
        ], Safe: 3, NeedsHelp: 2);

        Assert.Equal((9, 7, 4, 2, 6), (counters.ReachedSent, counters.ReachedDelivered, counters.Read, counters.Failed, counters.Unfinished));
        Assert.Equal(12, counters.Processed);
        Assert.Equal(13, counters.NoAnswer(18));
    }

    [Fact]
    public void A_recipient_waiting_for_an_sms_fallback_is_not_counted_done()
    {
        // Two recipients: one delivered; one failed on WhatsApp whose SMS is still pending.
        var counters = new BroadcastCounters(
        [
            new(MessageChannel.WhatsApp, DeliveryStatus.Delivered, 1),
            new(MessageChannel.WhatsApp, DeliveryStatus.Failed, 1),
            new(MessageChannel.Sms, DeliveryStatus.Pending, 1),
        ], 0, 0);

        Assert.Equal(1, counters.Done(2));
        Assert.Equal(0.5, counters.Progress(2));
    }

    [Fact]
    public void Progress_stays_between_nothing_and_everything()
    {
        Assert.Equal(0, BroadcastCounters.Empty.Progress(0));
        Assert.Equal(0, BroadcastCounters.Empty.Progress(3));
        Assert.Equal(1, new BroadcastCounters([new(MessageChannel.Sms, DeliveryStatus.Read, 3)], 0, 0).Progress(3));
        Assert.Equal(0, new BroadcastCounters([new(MessageChannel.Sms, DeliveryStatus.Pending, 5)], 0, 0).Progress(3));
    }
}
