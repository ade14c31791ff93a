using CrisisConsole.Web.Features.Incidents.Reports;

namespace CrisisConsole.Tests.IncidentReports;

public sealed class DurationPercentilesTests
{
    private static DurationStats Of(params double[] seconds) => DurationPercentiles.Of(seconds.Select(TimeSpan.FromSeconds));

    [Fact]
    public void No_samples_have_no_percentiles() => Assert.Equal(DurationStats.None, Of());

    [Fact]
    public void One_sample_is_its_own_median_and_95th_percentile() =>
        Assert.Equal(new DurationStats(1, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)), Of(7));

    [Fact]
    public void An_odd_count_has_the_middle_sample_as_median() =>
        Assert.Equal(new DurationStats(5, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(80.8)), Of(100, 1, 3, 2, 4));

    [Fact]
    public void An_even_count_has_the_mean_of_the_two_middle_samples_as_median() =>
        Assert.Equal(new DurationStats(4, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(3.85)), Of(4, 3, 2, 1));

    [Fact]
    public void Twenty_one_samples_put_the_95th_percentile_exactly_on_the_twentieth() =>
        Assert.Equal(TimeSpan.FromSeconds(19), Of([.. Enumerable.Range(0, 21).Select(i => (double)i)]).P95);
}
