using CrisisConsole.Web.Features.Contacts;

namespace CrisisConsole.Tests.Contacts;

public sealed class LanguageTagTests
{
    [Theory]
    [InlineData("en", "en")]
    [InlineData("FR", "fr")]
    [InlineData("fr-ca", "fr-CA")]
    [InlineData("fr_CA", "fr-CA")]
    [InlineData("zh-hant-tw", "zh-Hant-TW")]
    [InlineData("es-419", "es-419")]
    [InlineData("ar", "ar")]
    [InlineData("Arabic", "ar")]
    [InlineData("Français", "fr")]
    [InlineData("fil", "fil")]
    public void Known_tags_are_accepted_in_canonical_case(string input, string expected)
    {
        Assert.True(LanguageTag.TryNormalize(input, out var tag, out var error), error);
        Assert.Equal(expected, tag);
    }

    [Theory]
    [InlineData("xx")]
    [InlineData("qqq")]
    [InlineData("english language")]
    [InlineData("en-")]
    [InlineData("e")]
    [InlineData("en-x-private")]
    public void Unknown_or_malformed_tags_are_refused_with_an_example(string input)
    {
        Assert.False(LanguageTag.TryNormalize(input, out _, out var error));
        Assert.Contains("such as en", error);
    }
}
