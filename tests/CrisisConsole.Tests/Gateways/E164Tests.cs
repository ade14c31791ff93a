using CrisisConsole.Gateways.Phone;

namespace CrisisConsole.Tests.Gateways;

public sealed class E164Tests
{
    [Theory]
    [InlineData("+44 20 7946 0000", "+442079460000")]
    [InlineData("+1-415-555-0100", "+14155550100")]
    [InlineData("+1 (415) 555-0100", "+14155550100")]
    [InlineData("0044 20 7946 0000", "+442079460000")]
    [InlineData("00 33 1 23 45 67 89", "+33123456789")]
    [InlineData("+33.1.23.45.67.89", "+33123456789")]
    [InlineData("  +971 50 123 4567  ", "+971501234567")]
    [InlineData("whatsapp:+14155550100", "+14155550100")]
    public void Normalises_what_people_type(string input, string expected)
    {
        Assert.True(E164.TryNormalize(input, out var normalized, out var error), error);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("+44 20 ABC 0000", "letters")]
    [InlineData("+1 415 CALL NOW", "letters")]
    [InlineData("020 7946 0000", "country code")]
    [InlineData("4155550100", "country code")]
    [InlineData("", "empty")]
    [InlineData("+0 123 456 789", "never starts with 0")]
    [InlineData("+1234567", "too short")]
    [InlineData("+1234567890123456", "too long")]
    [InlineData("+44#2079460000", "'#'")]
    public void Refuses_with_a_reason_a_person_can_act_on(string input, string reasonFragment)
    {
        Assert.False(E164.TryNormalize(input, out _, out var error));
        Assert.Contains(reasonFragment, error);
    }

    [Fact]
    public void IsValid_accepts_only_the_normalised_form()
    {
        Assert.True(E164.IsValid("+442079460000"));
        Assert.False(E164.IsValid("+44 20 7946 0000"));
    }

    [Fact]
    public void Mask_keeps_the_country_code_and_last_two_digits()
    {
        Assert.Equal("+44********00", E164.Mask("+442079460000"));
        Assert.DoesNotContain("7946", E164.Mask("+442079460000"));
        Assert.Equal("***", E164.Mask(null));
    }
}
