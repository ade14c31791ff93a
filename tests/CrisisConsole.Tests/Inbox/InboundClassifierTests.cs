using CrisisConsole.Web.Features.Inbox;
using static CrisisConsole.Web.Features.Inbox.InboundClassification;

namespace CrisisConsole.Tests.Inbox;

/// <summary>Real-looking messages in English, French and Arabic, with mixed case, accents, Arabic spellings and digits.</summary>
public sealed class InboundClassifierTests
{
    public static TheoryData<string, InboundClassification> Messages() => new()
    {
        // English: safe
        { "safe", Safe },
        { "SAFE", Safe },
        { "I'm safe", Safe },
        { "We are all safe here, thanks", Safe },
        { "ok", Safe },
        { "OK!", Safe },
        { "Okay", Safe },
        { "fine, all good", Safe },
        { "I don't need help, all good", Safe },
        { "no help needed", Safe },
        // English: needs help
        { "HELP", NeedsHelp },
        { "help!!", NeedsHelp },
        { "Please help us", NeedsHelp },
        { "we need water", NeedsHelp },
        { "My brother is injured", NeedsHelp },
        { "trapped on the roof", NeedsHelp },
        { "SOS", NeedsHelp },
        { "not safe", NeedsHelp },
        { "I'm safe but my neighbour needs help", NeedsHelp },
        { "Not OK, the water is rising", NeedsHelp },
        // English: questions and other
        { "Where is the shelter?", Question },
        { "where is the shelter", Question },
        { "When will the power be back", Question },
        { "Is there a bus to the school?", Question },
        { "is everyone safe?", Question },
        { "thanks", Other },
        { "Got it", Other },
        { "", Other },
        // French
        { "Je suis en sécurité", Safe },
        { "je suis en securite", Safe },
        { "EN SÉCURITÉ", Safe },
        { "Tout va bien, merci", Safe },
        { "ça va", Safe },
        { "Nous sommes sains et saufs", Safe },
        { "pas besoin d'aide, tout va bien", Safe },
        { "aide", NeedsHelp },
        { "AIDE SVP", NeedsHelp },
        { "Au secours !", NeedsHelp },
        { "J'ai besoin d'aide", NeedsHelp },
        { "ma mère est blessée", NeedsHelp },
        { "Nous sommes bloqués au 2e étage", NeedsHelp },
        { "pas en sécurité", NeedsHelp },
        { "Où est l'abri ?", Question },
        { "Où est l'abri", Question },
        { "Quand est-ce que l'eau revient", Question },
        { "est-ce que l'école est ouverte", Question },
        { "Comment rejoindre le centre", Question },
        { "merci", Other },
        { "l'un ou l'autre", Other },
        // Arabic
        { "أنا بخير", Safe },
        { "انا بخير", Safe },
        { "انا بخيـــر", Safe },
        { "نحن بخير والحمد لله", Safe },
        { "أَنَا بِخَيْر", Safe },
        { "آمن", Safe },
        { "مساعدة", NeedsHelp },
        { "مساعده", NeedsHelp },
        { "النجدة", NeedsHelp },
        { "النجده", NeedsHelp },
        { "نحتاج ماء", NeedsHelp },
        { "أنا بخير لكن جاري يحتاج مساعدة", NeedsHelp },
        { "لست بخير", NeedsHelp },
        { "أين الملجأ؟", Question },
        { "اين الملجا", Question },
        { "متى تعود الكهرباء", Question },
        { "هل المدرسة مفتوحة", Question },
        { "شكرا", Other },
        // Opt-out and opt-in keywords, whole messages only
        { "STOP", OptOut },
        { "stop", OptOut },
        { "Stop.", OptOut },
        { "STOPALL", OptOut },
        { "Unsubscribe", OptOut },
        { "CANCEL", OptOut },
        { "end", OptOut },
        { "QUIT", OptOut },
        { "ARRET", OptOut },
        { "Arrêt", OptOut },
        { "désabonner", OptOut },
        { "إيقاف", OptOut },
        { "ايقاف", OptOut },
        { "الغاء", OptOut },
        { "إلغاء", OptOut },
        { "START", OptIn },
        { "Unstop", OptIn },
        { "subscribe", OptIn },
        { "Reprendre", OptIn },
        { "اشتراك", OptIn },
        { "ابدأ", OptIn },
        { "stop sending the flood alerts to my old number", Other },
        { "Please don't stop the updates", Other },
        // Digits are no answer unless the message answers a check-in (see the next test)
        { "1", Other },
        { "2", Other },
        { "١", Other },
        { "3", Other },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_message_is_classified_by_what_it_says(string text, InboundClassification expected) =>
        Assert.Equal(expected, InboundClassifier.Classify(null, text, answersCheckIn: false));

    [Theory]
    [InlineData("1", Safe)]
    [InlineData("2", NeedsHelp)]
    [InlineData("١", Safe)]
    [InlineData("٢", NeedsHelp)]
    [InlineData("۲", NeedsHelp)]
    [InlineData(" 1. ", Safe)]
    [InlineData("3", Other)]
    [InlineData("12", Other)]
    public void Digits_answer_a_check_in_only_when_the_message_is_linked_to_one(string text, InboundClassification expected) =>
        Assert.Equal(expected, InboundClassifier.Classify(null, text, answersCheckIn: true));

    [Theory]
    [InlineData("SAFE", "I need help", Safe)]
    [InlineData("safe", null, Safe)]
    [InlineData("HELP", "ok", NeedsHelp)]
    [InlineData(" help ", null, NeedsHelp)]
    [InlineData("SOMETHING_ELSE", "help", NeedsHelp)]
    public void A_button_payload_decides_before_the_text(string payload, string? text, InboundClassification expected) =>
        Assert.Equal(expected, InboundClassifier.Classify(payload, text, answersCheckIn: false));

    [Fact]
    public void A_location_or_photo_without_words_is_other() =>
        Assert.Equal(Other, InboundClassifier.Classify(null, null, answersCheckIn: true));

    [Theory]
    [InlineData("Où EST l'Abri ?", "ou est l abri")]
    [InlineData("إيقاف", "ايقاف")]
    [InlineData("مدرسة", "مدرسه")]
    [InlineData("مستشفى", "مستشفي")]
    [InlineData("بـــخـــير", "بخير")]
    [InlineData("أَنَا", "انا")]
    [InlineData("٠١٢٣٤٥٦٧٨٩ ۴", "0123456789 4")]
    [InlineData("  SHELTER   North!! ", "shelter north")]
    public void Normalising_folds_case_accents_arabic_letter_forms_and_digits(string text, string expected) =>
        Assert.Equal(expected, InboundText.Normalize(text));
}
