using System.Globalization;
using System.Text;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// The normal form the classifier and the keyword auto-replies compare in: lower case, no accents, one
/// spelling of the Arabic letters that people write several ways (أ إ آ ٱ → ا, ة → ه, ى → ي), no tatweel or
/// harakat, Western digits for Arabic-Indic and Persian ones, and words separated by single spaces with
/// punctuation dropped. Pure.
/// </summary>
public static class InboundText
{
    /// <summary>"Où EST l'abri ?" → "ou est l abri"; "إيقاف" → "ايقاف"; "١" → "1".</summary>
    public static string Normalize(string? text) => string.Join(' ', Words(text));

    /// <summary>The normalised words of <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return words;
        }

        var folded = Fold(text);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(folded[start..i]);
                start = -1;
            }
        }

        return words;
    }

    /// <summary>Whether the text asks something by its punctuation (Latin or Arabic question mark).</summary>
    public static bool HasQuestionMark(string? text) => text is not null && (text.Contains('?') || text.Contains('؟') || text.Contains('⸮'));

    /// <summary>Lower case, accents and harakat removed, Arabic letters and digits unified; punctuation kept.</summary>
    internal static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            // Non-spacing marks are Latin accents and Arabic harakat alike (fatha, damma, kasra, shadda, sukun,
            // tanwin, the dagger alef). FormD also splits آ أ إ into ا + a mark, so they become ا here.
            // Tatweel (ـ) only stretches a word.
            if (c == 'ـ' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            folded.Append(c switch
            {
                'ٱ' or 'أ' or 'إ' or 'آ' => 'ا',
                'ة' => 'ه',
                'ى' => 'ي',
                'ک' => 'ك',
                'ی' => 'ي',
                >= '٠' and <= '٩' => (char)('0' + (c - '٠')),
                >= '۰' and <= '۹' => (char)('0' + (c - '۰')),
                '’' or '‘' or 'ʼ' => '\'',
                _ => c,
            });
        }

        return folded.ToString();
    }
}
