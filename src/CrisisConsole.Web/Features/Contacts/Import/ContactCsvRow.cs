namespace CrisisConsole.Web.Features.Contacts.Import;

/// <summary>
/// One row of an import file that passed every check, with its values normalised. A null field means
/// the file says nothing about it (the column is absent, or the cell is empty where empty means "keep").
/// </summary>
public sealed class ContactCsvRow
{
    /// <summary>As a spreadsheet counts: the header is row 1, the first contact row 2.</summary>
    public int Row { get; init; }

    public string Name { get; init; } = "";
    public string Phone { get; init; } = "";
    public bool? WhatsAppCapable { get; init; }
    public string? Language { get; init; }
    public string? Zone { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public List<string> Groups { get; init; } = [];
    public List<string> Tags { get; init; } = [];
    public string? ExternalId { get; init; }
    public ConsentStatus? Consent { get; init; }
}

public sealed record ContactImportRejection(int Row, string Reason);

/// <summary>What the file holds after reading: the good rows, the rejected ones, and the columns it has.</summary>
public sealed class ContactCsvContent
{
    public required IReadOnlySet<string> Columns { get; init; }
    public required IReadOnlyList<ContactCsvRow> Rows { get; init; }
    public required IReadOnlyList<ContactImportRejection> Rejections { get; init; }
    public required char Delimiter { get; init; }

    public bool Has(string column) => Columns.Contains(column);
}

/// <summary>The whole file is refused (too large, empty, binary, not UTF-8, no usable header).</summary>
public sealed class ContactImportRefusedException(string message, bool tooLarge = false) : Exception(message)
{
    public bool TooLarge { get; } = tooLarge;
}
