using System.Globalization;
using CrisisConsole.Gateways.Phone;
using CsvHelper;
using CsvHelper.Configuration;

namespace CrisisConsole.Web.Features.Contacts.Import;

/// <summary>
/// Reads an import file into checked rows. Refuses the whole file when it cannot be a CSV of contacts
/// (too large, empty, binary, not UTF-8, no name and phone header); otherwise every row is either kept,
/// normalised, or rejected with its row number and a reason a person can act on. Nothing here touches
/// the database, so the rules are tested without one.
/// </summary>
public static class ContactCsvReader
{
    public const long MaxFileBytes = 20 * 1024 * 1024;
    public const string MaxFileSizeText = "20 MB";

    public static ContactCsvContent Read(ReadOnlySpan<byte> file)
    {
        var text = CsvTextDecoder.Decode(file);
        var delimiter = CsvTextDecoder.DetectDelimiter(text);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            HasHeaderRecord = false,
            IgnoreBlankLines = true,
            DetectColumnCountChanges = false,
            MissingFieldFound = null,
            BadDataFound = null,
        };

        using var reader = new StringReader(text);
        using var parser = new CsvParser(reader, configuration);
        if (!parser.Read())
        {
            throw new ContactImportRefusedException("The file is empty.");
        }

        var map = MapHeader(parser.Record ?? []);
        var rows = new List<ContactCsvRow>();
        var rejections = new List<ContactImportRejection>();
        var seenPhones = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenExternalIds = new Dictionary<string, int>(StringComparer.Ordinal);
        while (parser.Read())
        {
            var record = parser.Record ?? [];
            var rowNumber = parser.Row;
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (!TryParseRow(record, map, rowNumber, out var row, out var reason))
            {
                rejections.Add(new ContactImportRejection(rowNumber, reason));
                continue;
            }

            // The first good row for a number or external id wins; later ones would overwrite it silently.
            if (seenPhones.TryGetValue(row.Phone, out var firstPhoneRow))
            {
                rejections.Add(new ContactImportRejection(rowNumber, $"Duplicate in the file: the same phone number as row {firstPhoneRow}."));
                continue;
            }

            if (row.ExternalId is not null && seenExternalIds.TryGetValue(row.ExternalId, out var firstIdRow))
            {
                rejections.Add(new ContactImportRejection(rowNumber, $"Duplicate in the file: the same external_id as row {firstIdRow}."));
                continue;
            }

            seenPhones[row.Phone] = rowNumber;
            if (row.ExternalId is not null)
            {
                seenExternalIds[row.ExternalId] = rowNumber;
            }

            rows.Add(row);
        }

        if (rows.Count == 0 && rejections.Count == 0)
        {
            throw new ContactImportRefusedException("The file has a header row but no contacts.");
        }

        return new ContactCsvContent
        {
            Columns = map.Keys.ToHashSet(StringComparer.Ordinal),
            Rows = rows,
            Rejections = rejections,
            Delimiter = delimiter,
        };
    }

    private static Dictionary<string, int> MapHeader(string[] header)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var column = ContactCsvColumns.Recognize(header[i]);
            if (column is null)
            {
                continue;
            }

            if (!map.TryAdd(column, i))
            {
                throw new ContactImportRefusedException($"The header has the column '{column}' twice (columns {map[column] + 1} and {i + 1}); keep one.");
            }
        }

        if (!map.ContainsKey(ContactCsvColumns.Name) || !map.ContainsKey(ContactCsvColumns.Phone))
        {
            var found = string.Join(", ", header.Select(h => h.Trim()).Where(h => h.Length > 0).Take(12));
            throw new ContactImportRefusedException(
                $"The first row must be a header naming at least the columns name and phone (found: {(found.Length == 0 ? "nothing" : Shorten(found, 200))}). " +
                $"Known columns: {string.Join(", ", ContactCsvColumns.All)}.");
        }

        return map;
    }

    private static bool TryParseRow(string[] record, Dictionary<string, int> map, int rowNumber, out ContactCsvRow row, out string reason)
    {
        row = null!;
        string? Cell(string column) =>
            map.TryGetValue(column, out var index) && index < record.Length ? Unprotect(record[index].Trim()) : null;

        var name = Cell(ContactCsvColumns.Name);
        var phoneText = Cell(ContactCsvColumns.Phone);
        if (string.IsNullOrEmpty(name))
        {
            reason = string.IsNullOrEmpty(phoneText) ? "Missing name and phone." : "Missing name.";
            return false;
        }

        if (name.Length > Contact.NameMaxLength)
        {
            reason = $"The name is longer than {Contact.NameMaxLength} characters.";
            return false;
        }

        if (string.IsNullOrEmpty(phoneText))
        {
            reason = "Missing phone.";
            return false;
        }

        if (!E164.TryNormalize(phoneText, out var phone, out var phoneError))
        {
            reason = "Bad phone number: " + phoneError;
            return false;
        }

        string? language = null;
        if (Cell(ContactCsvColumns.Language) is { Length: > 0 } languageText && !LanguageTag.TryNormalize(languageText, out language, out _))
        {
            reason = $"Unknown language '{Shorten(languageText, 20)}'; use a BCP 47 tag such as en, fr or ar.";
            return false;
        }

        bool? whatsApp = null;
        if (Cell(ContactCsvColumns.WhatsApp) is { Length: > 0 } whatsAppText && !TryParseYesNo(whatsAppText, out whatsApp))
        {
            reason = $"The whatsapp value '{Shorten(whatsAppText, 20)}' is not yes or no.";
            return false;
        }

        ConsentStatus? consent = null;
        if (Cell(ContactCsvColumns.Consent) is { Length: > 0 } consentText && !TryParseConsent(consentText, out consent))
        {
            reason = $"Unknown consent '{Shorten(consentText, 20)}'; use opted_in, opted_out or unknown.";
            return false;
        }

        if (!TryParseCoordinate(Cell(ContactCsvColumns.Lat), 90, out var latitude) ||
            !TryParseCoordinate(Cell(ContactCsvColumns.Lon), 180, out var longitude))
        {
            reason = "Bad coordinates: lat must be a number from -90 to 90 and lon from -180 to 180, with a dot for decimals.";
            return false;
        }

        if ((latitude is null) != (longitude is null))
        {
            reason = "Bad coordinates: give both lat and lon, or neither.";
            return false;
        }

        var zone = Cell(ContactCsvColumns.Zone);
        if (zone?.Length > Contact.ZoneMaxLength)
        {
            reason = $"The zone is longer than {Contact.ZoneMaxLength} characters.";
            return false;
        }

        var externalId = Cell(ContactCsvColumns.ExternalId);
        if (externalId?.Length > Contact.ExternalIdMaxLength)
        {
            reason = $"The external_id is longer than {Contact.ExternalIdMaxLength} characters.";
            return false;
        }

        row = new ContactCsvRow
        {
            Row = rowNumber,
            Name = name,
            Phone = phone,
            WhatsAppCapable = whatsApp,
            Language = language,
            Zone = string.IsNullOrEmpty(zone) ? null : zone,
            Latitude = latitude,
            Longitude = longitude,
            Groups = ContactLabel.Split(Cell(ContactCsvColumns.Groups)),
            Tags = ContactLabel.Split(Cell(ContactCsvColumns.Tags)),
            ExternalId = string.IsNullOrEmpty(externalId) ? null : externalId,
            Consent = consent,
        };
        reason = "";
        return true;
    }

    /// <summary>Undoes the quote our export puts before = + - @, so an exported file imports unchanged.</summary>
    private static string Unprotect(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && CsvFormulaGuard.IsDangerousStart(cell[1]) ? cell[1..] : cell;

    private static bool TryParseYesNo(string text, out bool? value)
    {
        value = text.ToLowerInvariant() switch
        {
            "yes" or "y" or "true" or "1" or "oui" or "نعم" => true,
            "no" or "n" or "false" or "0" or "non" or "لا" => false,
            _ => null,
        };
        return value is not null || text.Equals("unknown", StringComparison.OrdinalIgnoreCase);
    }

    public static bool TryParseConsent(string text, out ConsentStatus? consent)
    {
        var key = new string(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        consent = key switch
        {
            "optedin" or "optin" or "in" or "yes" or "true" or "1" => ConsentStatus.OptedIn,
            "optedout" or "optout" or "out" or "no" or "false" or "0" or "stop" => ConsentStatus.OptedOut,
            "unknown" => ConsentStatus.Unknown,
            _ => null,
        };
        return consent is not null;
    }

    private static bool TryParseCoordinate(string? text, double limit, out double? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && Math.Abs(number) <= limit)
        {
            value = number;
            return true;
        }

        return false;
    }

    private static string Shorten(string text, int max) => text.Length > max ? text[..max] + "…" : text;
}
