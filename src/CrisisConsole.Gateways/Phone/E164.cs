using System.Diagnostics.CodeAnalysis;

namespace CrisisConsole.Gateways.Phone;

/// <summary>
/// E.164 rules without a phone-number library (none is on the package feed): a leading "+" or "00",
/// a country code that does not start with 0, and 8 to 15 digits in all. Spaces, dashes, dots and
/// brackets are removed; anything else is refused with a reason a person can act on.
/// </summary>
public static class E164
{
    public const int MaxDigits = 15;
    public const int MinDigits = 8;

    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        var text = input?.Trim() ?? "";
        if (text.Length == 0)
        {
            error = "The phone number is empty.";
            return false;
        }

        if (text.Length > 40)
        {
            error = "The phone number is too long.";
            return false;
        }

        if (text.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase))
        {
            text = text["whatsapp:".Length..];
        }

        var digits = new System.Text.StringBuilder(16);
        var hasPlus = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '+' && digits.Length == 0 && !hasPlus)
            {
                hasPlus = true;
            }
            else if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is ' ' or '-' or '.' or '(' or ')' or '\u00A0')
            {
                // Formatting characters people type; they carry no meaning.
            }
            else if (char.IsLetter(c))
            {
                error = "The phone number contains letters; use digits only, starting with + and the country code.";
                return false;
            }
            else
            {
                error = $"The phone number contains '{c}', which is not allowed.";
                return false;
            }
        }

        var number = digits.ToString();
        if (!hasPlus && number.StartsWith("00", StringComparison.Ordinal))
        {
            number = number[2..];
            hasPlus = true;
        }

        if (!hasPlus)
        {
            error = "The phone number has no country code; write it as +<country code><number>, for example +44 20 7946 0000.";
            return false;
        }

        if (number.StartsWith('0'))
        {
            error = "A country code never starts with 0; check the digits after the +.";
            return false;
        }

        if (number.Length < MinDigits)
        {
            error = $"The phone number is too short ({number.Length} digits; E.164 needs at least {MinDigits}).";
            return false;
        }

        if (number.Length > MaxDigits)
        {
            error = $"The phone number is too long ({number.Length} digits; E.164 allows at most {MaxDigits}).";
            return false;
        }

        normalized = "+" + number;
        error = null;
        return true;
    }

    public static bool IsValid(string? input) => TryNormalize(input, out var normalized, out _) && normalized == input;

    /// <summary>For logs and the audit trail: keeps the country code and the last two digits, e.g. "+44*******00".</summary>
    public static string Mask(string? e164)
    {
        if (string.IsNullOrEmpty(e164) || e164.Length < 6)
        {
            return "***";
        }

        return e164[..3] + new string('*', e164.Length - 5) + e164[^2..];
    }
}
