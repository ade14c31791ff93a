using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Deliveries;

namespace CrisisConsole.Tests.Deliveries;

public sealed class DeliveryProgressTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DeliveryStatus.Pending, DeliveryStatus.Queued, true)]
    [InlineData(DeliveryStatus.Accepted, DeliveryStatus.Queued, true)]
    [InlineData(DeliveryStatus.Queued, DeliveryStatus.Accepted, false)]
    [InlineData(DeliveryStatus.Queued, DeliveryStatus.Sending, true)]
    [InlineData(DeliveryStatus.Sent, DeliveryStatus.Sending, false)]
    [InlineData(DeliveryStatus.Sent, DeliveryStatus.Failed, true)]
    [InlineData(DeliveryStatus.Sent, DeliveryStatus.Undelivered, true)]
    [InlineData(DeliveryStatus.Failed, DeliveryStatus.Undelivered, false)]
    [InlineData(DeliveryStatus.Failed, DeliveryStatus.Delivered, true)]
    [InlineData(DeliveryStatus.Delivered, DeliveryStatus.Failed, false)]
    [InlineData(DeliveryStatus.Read, DeliveryStatus.Undelivered, false)]
    [InlineData(DeliveryStatus.Read, DeliveryStatus.Delivered, false)]
    [InlineData(DeliveryStatus.Delivered, DeliveryStatus.Read, true)]
    [InlineData(DeliveryStatus.Read, DeliveryStatus.Read, false)]
    public void Statuses_only_move_up_the_rank(DeliveryStatus current, DeliveryStatus incoming, bool advances) =>
        Assert.Equal(advances, DeliveryStatusRank.Advances(current, incoming));

    [Fact]
    public void A_duplicate_changes_nothing()
    {
        var delivered = new DeliveryProgress(DeliveryStatus.Sent).Apply(DeliveryStatus.Delivered, T0);
        Assert.Equal(delivered, delivered.Apply(DeliveryStatus.Delivered, T0.AddMinutes(5)));
    }

    [Fact]
    public void A_late_sent_report_fills_in_its_time_without_moving_back()
    {
        var progress = new DeliveryProgress(DeliveryStatus.Queued).Apply(DeliveryStatus.Delivered, T0.AddSeconds(5)).Apply(DeliveryStatus.Sent, T0);
        Assert.Equal(DeliveryStatus.Delivered, progress.Status);
        Assert.Equal(T0, progress.SentAt);
    }

    [Fact]
    public void A_failure_carries_its_code_and_reason_and_a_later_delivery_clears_them()
    {
        var failed = new DeliveryProgress(DeliveryStatus.Sent).Apply(DeliveryStatus.Failed, T0, "131026", "Message undeliverable");
        Assert.Equal(new DeliveryProgress(DeliveryStatus.Failed, FailedAt: T0, ErrorCode: "131026", ErrorReason: "Message undeliverable"), failed);

        var delivered = failed.Apply(DeliveryStatus.Delivered, T0.AddSeconds(1));
        Assert.Equal(new DeliveryProgress(DeliveryStatus.Delivered, DeliveredAt: T0.AddSeconds(1)), delivered);
    }

    [Fact]
    public void Read_without_delivered_counts_as_delivered_at_the_same_time()
    {
        var read = new DeliveryProgress(DeliveryStatus.Accepted).Apply(DeliveryStatus.Read, T0);
        Assert.Equal(T0, read.DeliveredAt);
        Assert.Equal(T0, read.ReadAt);
    }

    [Fact]
    public void A_delivery_receipt_arriving_after_the_read_receipt_still_gives_its_earlier_time()
    {
        var progress = new DeliveryProgress(DeliveryStatus.Accepted)
            .Apply(DeliveryStatus.Read, T0.AddSeconds(10))
            .Apply(DeliveryStatus.Delivered, T0);
        Assert.Equal(new DeliveryProgress(DeliveryStatus.Read, DeliveredAt: T0, ReadAt: T0.AddSeconds(10)), progress);
    }

    [Fact]
    public void A_very_long_reason_is_cut_to_the_column_size()
    {
        var failed = new DeliveryProgress(DeliveryStatus.Queued).Apply(DeliveryStatus.Failed, T0, "1", new string('x', 5000));
        Assert.Equal(DeliveryProgress.MaxErrorReasonLength, failed.ErrorReason!.Length);
    }

    [Fact]
    public void The_entity_keeps_its_rank_in_step_with_its_status()
    {
        var delivery = new Delivery { Status = DeliveryStatus.Delivered };
        Assert.Equal(DeliveryStatusRank.Of(DeliveryStatus.Delivered), delivery.StatusRank);
    }
}
