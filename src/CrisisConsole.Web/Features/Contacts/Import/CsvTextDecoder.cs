using System.Text;

namespace CrisisConsole.Web.Features.Contacts.Import;

/// <summary>
/// Turns the bytes of an upload into CSV text, or refuses them with a message a person can act on:
/// too large, empty, a workbook, UTF-16, binary, or not UTF-8 (which would garble accents and Arabic).
/// </summary>
internal static class CsvTextDecoder
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];
    private static readonly byte[] Utf16LeBom = [0xFF, 0xFE];
    private static readonly byte[] Utf16BeBom = [0xFE, 0xFF];
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Refuses what cannot be a UTF-8 text file, and removes a byte-order mark.</summary>
    public static string Decode(ReadOnlySpan<byte> file)
    {
        if (file.Length > ContactCsvReader.MaxFileBytes)
        {
            throw new ContactImportRefusedException($"The file is larger than {ContactCsvReader.MaxFileSizeText}; split it into smaller files.", tooLarge: true);
        }

        if (file.StartsWith(Utf8Bom))
        {
            file = file[3..];
        }

        if (file.IsEmpty || file.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            throw new ContactImportRefusedException("The file is empty.");
        }

        if (file.StartsWith(ZipMagic))
        {
            throw new ContactImportRefusedException("This looks like an Excel workbook or a zip file, not a CSV. In Excel, use Save As › CSV UTF-8.");
        }

        if (file.StartsWith(Utf16LeBom) || file.StartsWith(Utf16BeBom))
        {
            throw new ContactImportRefusedException("The file is UTF-16 text. Save it as CSV UTF-8 and import it again.");
        }

        if (file.Contains((byte)0) || CountControlBytes(file) > Math.Max(8, file.Length / 100))
        {
            throw new ContactImportRefusedException("The file is binary, not CSV text. Export the contacts as CSV UTF-8 and import that.");
        }

        try
        {
            return StrictUtf8.GetString(file);
        }
        catch (DecoderFallbackException)
        {
            throw new ContactImportRefusedException("The file is not UTF-8 text (accented or Arabic letters would be garbled). Save it as CSV UTF-8 and import it again.");
        }
    }

    private static int CountControlBytes(ReadOnlySpan<byte> file)
    {
        var count = 0;
        foreach (var b in file)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\r' and not (byte)'\n')
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Whichever of ';', ',' or tab occurs most often outside quotes on the header line.</summary>
    public static char DetectDelimiter(string text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted)
            {
                if (c is '\n' or '\r')
                {
                    break;
                }

                if (c == ',') commas++;
                else if (c == ';') semicolons++;
                else if (c == '\t') tabs++;
            }
        }

        if (semicolons > commas && semicolons >= tabs)
        {
            return ';';
        }

        return tabs > commas ? '\t' : ',';
    }
}
