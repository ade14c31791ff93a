using CrisisConsole.Web.Features.Dispatch;

namespace CrisisConsole.Tests.Dispatch;

public sealed class RetryScheduleTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData(1, 2.5, 5)]
    [InlineData(2, 5, 10)]
    [InlineData(3, 10, 20)]
    [InlineData(10, 150, 300)]
    public void The_back_off_doubles_per_attempt_with_jitter_between_half_and_the_whole_ceiling(int attempt, double lowSeconds, double highSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(lowSeconds), RetrySchedule.DelayFor(attempt, null, Base, Max, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(highSeconds), RetrySchedule.DelayFor(attempt, null, Base, Max, jitter: 1));
    }

    [Fact]
    public void A_longer_Retry_After_from_the_provider_wins() =>
        Assert.Equal(TimeSpan.FromSeconds(60), RetrySchedule.DelayFor(1, TimeSpan.FromSeconds(60), Base, Max, jitter: 0.5));

    [Fact]
    public void A_shorter_Retry_After_does_not_bring_the_retry_forward() =>
        Assert.Equal(TimeSpan.FromSeconds(3.75), RetrySchedule.DelayFor(1, TimeSpan.FromSeconds(1), Base, Max, jitter: 0.5));
}
