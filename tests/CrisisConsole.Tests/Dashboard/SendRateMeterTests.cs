using CrisisConsole.Web.Features.Dashboard;

namespace CrisisConsole.Tests.Dashboard;

public sealed class SendRateMeterTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void One_sample_gives_no_rate_yet()
    {
        var meter = new SendRateMeter();
        meter.Add(Start, 100);

        Assert.Null(meter.PerSecond);
    }

    [Fact]
    public void The_rate_is_the_rise_over_the_last_fifteen_seconds()
    {
        var meter = new SendRateMeter();
        // 10 messages a second for 20 s, then 100 a second for the last 15 s.
        for (var second = 0; second <= 20; second++)
        {
            meter.Add(Start.AddSeconds(second), second * 10);
        }

        for (var second = 21; second <= 35; second++)
        {
            meter.Add(Start.AddSeconds(second), 200 + (second - 20) * 100);
        }

        Assert.Equal(100, meter.PerSecond!.Value, precision: 6);
    }

    [Fact]
    public void The_rate_falls_to_zero_when_sending_stops()
    {
        var meter = new SendRateMeter();
        meter.Add(Start, 0);
        meter.Add(Start.AddSeconds(5), 500);
        meter.Add(Start.AddSeconds(25), 500);
        meter.Add(Start.AddSeconds(45), 500);

        Assert.Equal(0, meter.PerSecond);
    }

    [Fact]
    public void Samples_closer_than_two_seconds_give_no_rate()
    {
        var meter = new SendRateMeter();
        meter.Add(Start, 0);
        meter.Add(Start.AddMilliseconds(250), 40);

        Assert.Null(meter.PerSecond);
    }
}
