using CrisisConsole.Web.Features.CheckIns;

namespace CrisisConsole.Tests.CheckIns;

public sealed class CheckInOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(24 * 91)]
    public void A_link_window_out_of_range_is_refused_naming_the_key(int hours)
    {
        var result = new CheckInOptionsValidator().Validate(null, new CheckInOptions { LinkWindowHours = hours });

        Assert.True(result.Failed);
        Assert.Contains("CheckIns:LinkWindowHours", result.FailureMessage);
    }

    [Fact]
    public void The_default_window_is_three_days() =>
        Assert.True(new CheckInOptionsValidator().Validate(null, new CheckInOptions()).Succeeded && new CheckInOptions().LinkWindowHours == 72);
}
