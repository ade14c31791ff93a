using CrisisConsole.Gateways.Sms;

namespace CrisisConsole.Tests.Gateways;

public sealed class SmsSegmentCounterTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void Gsm7_text_fits_160_alone_and_153_per_part(int length, int segments)
    {
        var info = SmsSegmentCounter.Count(new string('a', length));
        Assert.Equal(SmsEncoding.Gsm7, info.Encoding);
        Assert.Equal(segments, info.Segments);
    }

    [Fact]
    public void Escape_characters_count_twice()
    {
        Assert.Equal(new SmsSegmentInfo(SmsEncoding.Gsm7, 1, 160, 160), SmsSegmentCounter.Count(new string('{', 80)));
        Assert.Equal(2, SmsSegmentCounter.Count(new string('{', 81)).Segments);
        Assert.Equal(2, SmsSegmentCounter.Count("€" + new string('a', 159)).Segments);
    }

    [Fact]
    public void An_escape_pair_is_never_split_across_parts()
    {
        // 152 + 2 + 152 = 306 units: a plain division says 2 parts, but € cannot straddle the first boundary.
        var text = new string('a', 152) + "€" + new string('b', 152);
        Assert.Equal(3, SmsSegmentCounter.Count(text).Segments);
    }

    [Fact]
    public void Gsm7_basic_accents_stay_gsm7()
    {
        Assert.Equal(SmsEncoding.Gsm7, SmsSegmentCounter.Count("Évacuez à l'école: ñ ü ø Å").Encoding);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Ucs2_text_fits_70_alone_and_67_per_part(int length, int segments)
    {
        var info = SmsSegmentCounter.Count(new string('ب', length));
        Assert.Equal(SmsEncoding.Ucs2, info.Encoding);
        Assert.Equal(segments, info.Segments);
    }

    [Fact]
    public void One_character_outside_gsm7_switches_the_whole_text_to_ucs2()
    {
        var info = SmsSegmentCounter.Count(new string('a', 100) + "ç");
        Assert.Equal(SmsEncoding.Ucs2, info.Encoding);
        Assert.Equal(2, info.Segments);
    }

    [Fact]
    public void An_emoji_takes_two_units_and_is_never_split()
    {
        Assert.Equal(new SmsSegmentInfo(SmsEncoding.Ucs2, 1, 70, 70), SmsSegmentCounter.Count(string.Concat(Enumerable.Repeat("👍", 35))));
        Assert.Equal(2, SmsSegmentCounter.Count(string.Concat(Enumerable.Repeat("👍", 36))).Segments);

        // 66 + 2 + 66 = 134 units: two parts by division, three because the emoji cannot straddle the boundary.
        var text = new string('x', 66) + "👍" + new string('y', 66);
        Assert.Equal(3, SmsSegmentCounter.Count(text).Segments);
    }

    [Fact]
    public void Empty_text_is_one_gsm7_segment() =>
        Assert.Equal(new SmsSegmentInfo(SmsEncoding.Gsm7, 1, 0, 160), SmsSegmentCounter.Count(""));
}
