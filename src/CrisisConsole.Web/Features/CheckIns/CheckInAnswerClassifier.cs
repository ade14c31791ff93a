using System.Globalization;
using System.Text;

namespace CrisisConsole.Web.Features.CheckIns;

/// <summary>
/// The first, deliberately small reading of an answer: the button's payload (SAFE / HELP), then the
/// digits the SMS text asks for (1 safe, 2 help), then a few keywords in English, French and Arabic.
/// Anything else is left unclassified (the person stays "no answer" and the message waits in the inbox).
/// The inbox's full multilingual classification replaces this class.
/// </summary>
public static class CheckInAnswerClassifier
{
    public const string SafePayload = "SAFE";
    public const string HelpPayload = "HELP";

    // Compared after lower-casing and removing accents, so "Sécurité" and "securite" both match.
    private static readonly HashSet<string> SafeWords = new(StringComparer.Ordinal) { "safe", "ok", "okay", "securite" };
    private static readonly HashSet<string> HelpWords = new(StringComparer.Ordinal) { "help", "aide" };

    // Arabic attaches prefixes ("و", "ب", "ال") to words, so these are looked for inside each word.
    private static readonly string[] ArabicSafe = ["بخير"];
    private static readonly string[] ArabicHelp = ["مساعدة", "مساعده"];

    public static CheckInAnswer? Classify(string? buttonPayload, string? text)
    {
        switch (buttonPayload?.Trim().ToUpperInvariant())
        {
            case SafePayload: return CheckInAnswer.Safe;
            case HelpPayload: return CheckInAnswer.NeedsHelp;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        switch (text.Trim().TrimEnd('.', '!'))
        {
            case "1" or "١": return CheckInAnswer.Safe;
            case "2" or "٢": return CheckInAnswer.NeedsHelp;
        }

        var words = Words(Fold(text));
        var help = words.Any(w => HelpWords.Contains(w) || ArabicHelp.Any(w.Contains));
        var safe = words.Any(w => SafeWords.Contains(w) || ArabicSafe.Any(w.Contains));

        // "Safe but I need help for my neighbour": a message that asks for help is read by a responder.
        return help ? CheckInAnswer.NeedsHelp : safe ? CheckInAnswer.Safe : null;
    }

    private static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            // Drops accents and Arabic short vowels alike.
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }

        return folded.ToString();
    }

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
        }

        return words;
    }
}
