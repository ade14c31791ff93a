using CrisisConsole.Web.Features.CheckIns;

namespace CrisisConsole.Tests.CheckIns;

public sealed class CheckInAnswerClassifierTests
{
    [Theory]
    [InlineData("SAFE", null, CheckInAnswer.Safe)]
    [InlineData("HELP", null, CheckInAnswer.NeedsHelp)]
    [InlineData(" safe ", null, CheckInAnswer.Safe)]
    [InlineData("HELP", "I am safe", CheckInAnswer.NeedsHelp)]
    [InlineData("SAFE", "I need help", CheckInAnswer.Safe)]
    [InlineData(null, "1", CheckInAnswer.Safe)]
    [InlineData(null, " 2 ", CheckInAnswer.NeedsHelp)]
    [InlineData(null, "2.", CheckInAnswer.NeedsHelp)]
    [InlineData(null, "١", CheckInAnswer.Safe)]
    [InlineData(null, "SAFE", CheckInAnswer.Safe)]
    [InlineData(null, "I am safe", CheckInAnswer.Safe)]
    [InlineData(null, "ok", CheckInAnswer.Safe)]
    [InlineData(null, "OK!", CheckInAnswer.Safe)]
    [InlineData(null, "Je suis en sécurité", CheckInAnswer.Safe)]
    [InlineData(null, "en securite", CheckInAnswer.Safe)]
    [InlineData(null, "أنا بخير", CheckInAnswer.Safe)]
    [InlineData(null, "Help!", CheckInAnswer.NeedsHelp)]
    [InlineData(null, "Besoin d'aide", CheckInAnswer.NeedsHelp)]
    [InlineData(null, "أحتاج مساعدة", CheckInAnswer.NeedsHelp)]
    [InlineData(null, "أحتاج المساعدة", CheckInAnswer.NeedsHelp)]
    [InlineData(null, "I'm safe but my neighbour needs help", CheckInAnswer.NeedsHelp)]
    [InlineData("UNKNOWN", "1", CheckInAnswer.Safe)]
    public void Answers_are_read_from_the_button_then_the_digits_then_keywords(string? payload, string? text, CheckInAnswer expected) =>
        Assert.Equal(expected, CheckInAnswerClassifier.Classify(payload, text));

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "   ")]
    [InlineData(null, "12")]
    [InlineData(null, "3")]
    [InlineData(null, "Where should we go?")]
    [InlineData(null, "unsafe")]
    [InlineData(null, "helpful")]
    [InlineData(null, "book")]
    [InlineData("STOP", null)]
    public void Anything_else_is_left_unclassified(string? payload, string? text) =>
        Assert.Null(CheckInAnswerClassifier.Classify(payload, text));
}
