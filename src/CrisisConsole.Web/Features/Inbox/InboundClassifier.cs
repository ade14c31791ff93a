using System.Text.RegularExpressions;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// Reads what an inbound message says. Pure and table-driven; every phrase below is compared after
/// <see cref="InboundText.Normalize"/>, so "SÉCURITÉ", "securite", "أنا بخير" and "انا بخير" are alike.
/// <list type="number">
/// <item>A button's payload decides (SAFE / HELP).</item>
/// <item>A message that is only an opt-out or opt-in keyword (STOP, ARRÊT, إيقاف… / START, اشتراك…) is
/// that; as with carriers, "stop sending me floods alerts" is not an opt-out.</item>
/// <item>"1" / "2" (or ١ / ٢) are safe / needs help only when the message answers a check-in.</item>
/// <item>Help words beat everything else: a message that mentions help is read by a responder, even with
/// "safe" in it. Then a question (a question mark or question word), then safe words.</item>
/// </list>
/// </summary>
public static partial class InboundClassifier
{
    public const string SafePayload = "SAFE";
    public const string HelpPayload = "HELP";

    /// <summary>Whole-message keywords (after normalising), as carriers match them.</summary>
    private static readonly HashSet<string> OptOutMessages = Phrases(
        "stop", "stopall", "stop all", "unsubscribe", "cancel", "end", "quit", "optout", "opt out",
        "arret", "arrete", "arreter", "stop svp", "desabonner", "me desabonner", "desabonnement", "desinscrire", "me desinscrire",
        "إيقاف", "ايقاف", "أوقف", "توقف", "الغاء", "إلغاء", "الغاء الاشتراك", "إلغاء الاشتراك");

    private static readonly HashSet<string> OptInMessages = Phrases(
        "start", "unstop", "subscribe", "resubscribe",
        "reprendre", "demarrer", "sabonner", "s abonner", "m abonner", "reabonner",
        "اشتراك", "اشترك", "ابدأ", "ابدا", "بدء", "استئناف");

    /// <summary>Said to refuse help, so the word "help" in them does not count ("no help needed").</summary>
    private static readonly string[][] NotHelp = Sequences(
        "no help needed", "don t need help", "dont need help", "do not need help", "no need for help", "need no help",
        "pas besoin d aide", "pas besoin d assistance", "pas besoin de secours",
        "لا احتاج مساعدة", "لا نحتاج مساعدة", "لا حاجة للمساعدة");

    private static readonly string[][] Help = Sequences(
        // English
        "help", "sos", "emergency", "urgent", "injured", "hurt", "wounded", "bleeding", "trapped", "stuck", "rescue", "ambulance",
        "need water", "need food", "need medicine", "need a doctor", "need medical", "need assistance", "need evacuation",
        "not safe", "not ok", "not okay", "not fine", "unsafe", "danger", "in danger",
        // French
        "aide", "aidez moi", "aidez nous", "au secours", "secours", "a l aide", "besoin d aide", "urgence", "urgent",
        "blesse", "blessee", "blesses", "coince", "coinces", "bloque", "bloques", "pas en securite", "en danger",
        "ne vais pas bien", "pas bien", "besoin d eau", "besoin de nourriture", "besoin d un medecin", "evacuer",
        // Arabic (normalised forms match every spelling)
        "مساعدة", "ساعدوني", "ساعدني", "ساعدونا", "النجدة", "نجدة", "انقذوني", "انقذونا", "إسعاف", "طوارئ",
        "مصاب", "مصابين", "جريح", "جرحى", "محاصر", "محاصرين", "عالق", "عالقين", "خطر", "في خطر",
        "لست بخير", "مش بخير", "ليس بخير", "لسنا بخير", "نحتاج", "احتاج", "أحتاج", "بحاجة", "محتاج");

    private static readonly string[][] Safe = Sequences(
        // English
        "safe", "ok", "okay", "fine", "all good", "all fine", "alright", "all right", "we are good", "i am good", "im good", "secure", "unharmed",
        // French
        "securite", "en securite", "je vais bien", "nous allons bien", "on va bien", "ca va", "tout va bien", "sain et sauf",
        "saine et sauve", "sains et saufs", "bien", "rien a signaler",
        // Arabic
        "بخير", "أنا بخير", "نحن بخير", "آمن", "آمنون", "آمنين", "بأمان", "سالم", "سالمين", "تمام", "الحمد لله", "كويس", "منيح");

    /// <summary>Words that make a message a question even without a question mark.</summary>
    private static readonly string[][] QuestionWords = Sequences(
        // English (at the start of the message, see IsQuestion)
        "where", "when", "what", "how", "why", "who", "which", "is there", "are there", "can i", "can we", "should i", "should we", "do we", "do i",
        // French ("où" is checked before accents are dropped: without them it is "ou", "or")
        "quand", "quoi", "comment", "pourquoi", "qui", "quel", "quelle", "quels", "quelles", "combien", "est ce", "peut on", "dois je", "faut il",
        // Arabic
        "أين", "وين", "فين", "متى", "هل", "ماذا", "ماذا", "شو", "ايش", "كيف", "لماذا", "ليش", "كم", "من أين");

    /// <summary>Arabic glues prefixes to words (و and, ف so, ب with, ل for, ال the): "وبخير", "بالنجدة" still match.</summary>
    private static readonly string[] ArabicPrefixes = ["و", "ف", "ب", "ل", "ال", "وال", "بال", "فال", "لل", "وب", "ول"];

    /// <summary>Classifies one message; <paramref name="answersCheckIn"/> is true when it is linked to a check-in broadcast.</summary>
    public static InboundClassification Classify(string? buttonPayload, string? text, bool answersCheckIn)
    {
        switch (buttonPayload?.Trim().ToUpperInvariant())
        {
            case SafePayload: return InboundClassification.Safe;
            case HelpPayload: return InboundClassification.NeedsHelp;
        }

        var words = InboundText.Words(text);
        if (words.Count == 0)
        {
            // A location or a photo with no words, or only punctuation.
            return InboundText.HasQuestionMark(text) ? InboundClassification.Question : InboundClassification.Other;
        }

        var whole = string.Join(' ', words);
        if (OptOutMessages.Contains(whole))
        {
            return InboundClassification.OptOut;
        }

        if (OptInMessages.Contains(whole))
        {
            return InboundClassification.OptIn;
        }

        if (words is [var only] && only is "1" or "2")
        {
            return !answersCheckIn ? InboundClassification.Other
                : only == "1" ? InboundClassification.Safe
                : InboundClassification.NeedsHelp;
        }

        var withoutRefusals = Remove(words, NotHelp);
        if (ContainsAny(withoutRefusals, Help))
        {
            return InboundClassification.NeedsHelp;
        }

        if (IsQuestion(text!, words))
        {
            return InboundClassification.Question;
        }

        return ContainsAny(words, Safe) || withoutRefusals.Count < words.Count
            ? InboundClassification.Safe
            : InboundClassification.Other;
    }

    private static bool IsQuestion(string text, IReadOnlyList<string> words)
    {
        if (InboundText.HasQuestionMark(text) || FrenchWhere().IsMatch(text))
        {
            return true;
        }

        // English and French question words lead the sentence ("when" inside "say when you can" is no question);
        // Arabic ones may come anywhere, after a greeting for example.
        foreach (var sequence in QuestionWords)
        {
            if (StartsWith(words, sequence) || (IsArabic(sequence[0]) && IndexOf(words, sequence) >= 0))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsAny(IReadOnlyList<string> words, string[][] sequences) => sequences.Any(s => IndexOf(words, s) >= 0);

    /// <summary>The words with every occurrence of the sequences taken out.</summary>
    private static List<string> Remove(IReadOnlyList<string> words, string[][] sequences)
    {
        var result = words.ToList();
        foreach (var sequence in sequences)
        {
            int at;
            while ((at = IndexOf(result, sequence)) >= 0)
            {
                result.RemoveRange(at, sequence.Length);
            }
        }

        return result;
    }

    private static bool StartsWith(IReadOnlyList<string> words, string[] sequence) => words.Count >= sequence.Length && Matches(words, 0, sequence);

    private static int IndexOf(IReadOnlyList<string> words, string[] sequence)
    {
        for (var i = 0; i + sequence.Length <= words.Count; i++)
        {
            if (Matches(words, i, sequence))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Matches(IReadOnlyList<string> words, int at, string[] sequence)
    {
        for (var j = 0; j < sequence.Length; j++)
        {
            if (!WordMatches(words[at + j], sequence[j], first: j == 0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Equal, or for the first Arabic word of a phrase, equal after one glued prefix.</summary>
    private static bool WordMatches(string word, string keyword, bool first)
    {
        if (word == keyword)
        {
            return true;
        }

        if (!first || !IsArabic(keyword) || word.Length <= keyword.Length || !word.EndsWith(keyword, StringComparison.Ordinal))
        {
            return false;
        }

        var prefix = word[..^keyword.Length];
        return ArabicPrefixes.Contains(prefix, StringComparer.Ordinal);
    }

    private static bool IsArabic(string word) => word.Length > 0 && word[0] is >= '\u0600' and <= '\u06FF';

    private static HashSet<string> Phrases(params string[] phrases) =>
        phrases.Select(InboundText.Normalize).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);

    private static string[][] Sequences(params string[] phrases) =>
        phrases.Select(p => InboundText.Words(p).ToArray()).Where(s => s.Length > 0).DistinctBy(s => string.Join(' ', s)).ToArray();

    [GeneratedRegex(@"(^|[^\p{L}])où([^\p{L}]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FrenchWhere();
}
