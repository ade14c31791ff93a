using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CrisisConsole.Web.Features.Contacts;

/// <summary>
/// BCP 47 language tags as contacts carry them: a known primary language, then optional script,
/// region and variants ("en", "fr-CA", "zh-Hant-TW"). Tags are stored in canonical case so that
/// "FR-ca" and "fr-CA" pick the same template variant. Extensions and private-use tags are refused:
/// nothing downstream could choose a template for them.
/// </summary>
public static partial class LanguageTag
{
    public const string Default = "en";
    public const int MaxLength = 35;

    // ISO 639-1: the two-letter codes that every template system and phone understands.
    private static readonly HashSet<string> TwoLetterLanguages = new(
        ("aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz " +
         "ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik " +
         "io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml " +
         "mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd " +
         "se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi " +
         "vo wa wo xh yi yo za zh zu").Split(' '),
        StringComparer.Ordinal);

    // People exporting from HR systems often write the language's name; accept the common ones.
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["english"] = "en", ["anglais"] = "en",
        ["french"] = "fr", ["francais"] = "fr", ["français"] = "fr",
        ["arabic"] = "ar", ["arabe"] = "ar", ["العربية"] = "ar", ["عربي"] = "ar",
        ["spanish"] = "es", ["español"] = "es", ["espanol"] = "es",
    };

    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? tag, [NotNullWhen(false)] out string? error)
    {
        tag = null;
        var text = input?.Trim() ?? "";
        if (text.Length == 0)
        {
            error = "The language is empty; use a BCP 47 tag such as en, fr or ar.";
            return false;
        }

        if (Names.TryGetValue(text, out var named))
        {
            tag = named;
            error = null;
            return true;
        }

        if (text.Length > MaxLength || !Syntax().IsMatch(text))
        {
            error = $"'{Shorten(text)}' is not a language tag; use a BCP 47 tag such as en, fr, ar or fr-CA.";
            return false;
        }

        var parts = text.Replace('_', '-').Split('-');
        var language = parts[0].ToLowerInvariant();
        if (!IsKnownLanguage(language))
        {
            error = $"The language '{Shorten(text)}' is unknown; use a BCP 47 tag such as en, fr, ar or fr-CA.";
            return false;
        }

        for (var i = 1; i < parts.Length; i++)
        {
            parts[i] = parts[i].Length switch
            {
                4 when char.IsAsciiLetter(parts[i][0]) => char.ToUpperInvariant(parts[i][0]) + parts[i][1..].ToLowerInvariant(),
                2 => parts[i].ToUpperInvariant(),
                _ => parts[i].ToLowerInvariant(),
            };
        }

        parts[0] = language;
        tag = string.Join('-', parts);
        error = null;
        return true;
    }

    public static bool IsValid(string? input) => TryNormalize(input, out var tag, out _) && tag == input;

    private static bool IsKnownLanguage(string language)
    {
        if (language.Length == 2)
        {
            return TwoLetterLanguages.Contains(language);
        }

        // Three-letter codes (fil, haw, ckb...) are checked against the culture data of the platform.
        try
        {
            var culture = CultureInfo.GetCultureInfo(language, predefinedOnly: true);
            return string.Equals(culture.ThreeLetterISOLanguageName, language, StringComparison.OrdinalIgnoreCase)
                || string.Equals(culture.Name, language, StringComparison.OrdinalIgnoreCase);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length > 20 ? text[..20] + "…" : text;

    // language [-script] [-region] [-variant]*; '_' accepted as a separator because spreadsheets use it.
    [GeneratedRegex(@"^[A-Za-z]{2,3}([-_][A-Za-z]{4})?([-_]([A-Za-z]{2}|[0-9]{3}))?([-_]([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
