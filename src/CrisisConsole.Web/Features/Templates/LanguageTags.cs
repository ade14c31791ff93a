using System.Text.RegularExpressions;

namespace CrisisConsole.Web.Features.Templates;

/// <summary>
/// BCP 47 language tags as templates use them: a well-formedness check, the parent chain used for
/// fallback (fr-CA → fr), and the writing direction.
/// </summary>
public static partial class LanguageTags
{
    public const int MaxLength = 35;

    private static readonly HashSet<string> RightToLeft = new(StringComparer.OrdinalIgnoreCase) { "ar", "he", "fa", "ur" };

    /// <summary>
    /// Well-formed per the common part of BCP 47: a 2–3 letter language, an optional 4-letter script,
    /// an optional region (2 letters or 3 digits) and optional variants. Private-use and extension
    /// subtags are not accepted; no template needs them.
    /// </summary>
    public static bool IsWellFormed(string? tag) =>
        tag is { Length: > 0 and <= MaxLength } && TagPattern().IsMatch(tag);

    /// <summary>Meta writes region codes with an underscore ("en_US"); accept that spelling too.</summary>
    public static bool IsWellFormedMetaCode(string? code) =>
        code is { Length: > 0 and <= MaxLength } && IsWellFormed(code.Replace('_', '-'));

    /// <summary>A typed tag ("FR_ca ") in its usual form ("fr-CA"), if it is one once "_" is read as "-".</summary>
    public static bool TryNormalize(string? typed, out string tag)
    {
        var candidate = (typed ?? "").Trim().Replace('_', '-');
        tag = IsWellFormed(candidate) ? Normalize(candidate) : (typed ?? "").Trim();
        return IsWellFormed(candidate);
    }

    /// <summary>"FR_ca" → "fr-CA": lowercase language, title-case script, uppercase region.</summary>
    public static string Normalize(string tag)
    {
        var parts = tag.Trim().Replace('_', '-').Split('-', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = i == 0 ? parts[i].ToLowerInvariant()
                : parts[i].Length == 4 && char.IsLetter(parts[i][0]) ? char.ToUpperInvariant(parts[i][0]) + parts[i][1..].ToLowerInvariant()
                : parts[i].Length is 2 or 3 ? parts[i].ToUpperInvariant()
                : parts[i].ToLowerInvariant();
        }

        return string.Join('-', parts);
    }

    /// <summary>The tag, then each parent by dropping the last subtag: "zh-Hant-TW", "zh-Hant", "zh".</summary>
    public static IEnumerable<string> WithParents(string tag)
    {
        var current = tag.Trim().Replace('_', '-');
        while (current.Length > 0)
        {
            yield return current;
            var cut = current.LastIndexOf('-');
            current = cut < 0 ? "" : current[..cut];
        }
    }

    /// <summary>The primary language subtag: "ar-EG" → "ar".</summary>
    public static string PrimaryLanguage(string tag)
    {
        var trimmed = tag.Trim().Replace('_', '-');
        var cut = trimmed.IndexOf('-');
        return (cut < 0 ? trimmed : trimmed[..cut]).ToLowerInvariant();
    }

    public static bool IsRightToLeft(string? tag) => tag is not null && RightToLeft.Contains(PrimaryLanguage(tag));

    /// <summary>The HTML dir attribute for text in this language: rtl for Arabic, Hebrew, Persian, Urdu, else auto.</summary>
    public static string Direction(string? tag) => IsRightToLeft(tag) ? "rtl" : "auto";

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
