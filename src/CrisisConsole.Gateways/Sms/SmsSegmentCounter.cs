namespace CrisisConsole.Gateways.Sms;

public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}

public readonly record struct SmsSegmentInfo(SmsEncoding Encoding, int Segments, int Units, int UnitsPerSegment);

/// <summary>
/// Counts SMS segments the way carriers bill them: GSM-7 (160 per message, 153 per part when
/// concatenated; escape-table characters take two units and an escape pair is never split) or UCS-2
/// as soon as one character is outside GSM-7 (70, or 67 per part, counted in UTF-16 code units).
/// </summary>
public static class SmsSegmentCounter
{
    private const string BasicSet =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string ExtensionSet = "\f^{}\\[~]|€";

    private static readonly HashSet<char> Basic = [.. BasicSet];
    private static readonly HashSet<char> Extension = [.. ExtensionSet];

    public static bool IsGsm7(string text)
    {
        foreach (var c in text)
        {
            if (!Basic.Contains(c) && !Extension.Contains(c))
            {
                return false;
            }
        }

        return true;
    }

    public static SmsSegmentInfo Count(string? text)
    {
        text ??= "";
        if (IsGsm7(text))
        {
            var units = 0;
            foreach (var c in text)
            {
                units += Extension.Contains(c) ? 2 : 1;
            }

            if (units <= 160)
            {
                return new SmsSegmentInfo(SmsEncoding.Gsm7, 1, units, 160);
            }

            return new SmsSegmentInfo(SmsEncoding.Gsm7, CountGsmParts(text), units, 153);
        }

        var ucsUnits = text.Length;
        if (ucsUnits <= 70)
        {
            return new SmsSegmentInfo(SmsEncoding.Ucs2, 1, ucsUnits, 70);
        }

        return new SmsSegmentInfo(SmsEncoding.Ucs2, CountUcs2Parts(text), ucsUnits, 67);
    }

    // An escape pair must stay in one part, so parts are filled greedily rather than divided.
    private static int CountGsmParts(string text)
    {
        var parts = 1;
        var used = 0;
        foreach (var c in text)
        {
            var width = Extension.Contains(c) ? 2 : 1;
            if (used + width > 153)
            {
                parts++;
                used = 0;
            }

            used += width;
        }

        return parts;
    }

    // A surrogate pair (emoji) must stay in one part too.
    private static int CountUcs2Parts(string text)
    {
        var parts = 1;
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (used + width > 67)
            {
                parts++;
                used = 0;
            }

            used += width;
            i += width - 1;
        }

        return parts;
    }
}
