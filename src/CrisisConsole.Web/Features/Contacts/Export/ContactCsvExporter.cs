using System.Globalization;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Contacts.Import;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Contacts;

/// <summary>
/// Writes the live contacts that match a filter as CSV, in the import's columns (so an export can be
/// edited and imported back) plus the consent's source and time. Every text cell goes through
/// <see cref="CsvFormulaGuard"/>. Streams in batches, so 100,000 contacts never sit in memory at once.
/// </summary>
public sealed class ContactCsvExporter(IDbContextFactory<AppDbContext> contexts, AuditLog audit)
{
    private const int BatchSize = 2_000;

    public static readonly IReadOnlyList<string> Header = [.. ContactCsvColumns.All, "consent_source", "consent_at"];

    /// <summary>Writes UTF-8 with a byte-order mark (so Excel shows Arabic and accents) and audits the export.</summary>
    public async Task<int> WriteAsync(Stream output, ContactFilter filter, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var count = 0;
        try
        {
            await output.WriteAsync(new byte[] { 0xEF, 0xBB, 0xBF }, cancellationToken);
            await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(FormatRecords([Header])), cancellationToken);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var lastId = 0;
            while (true)
            {
                // Keyset paging by id: constant cost per batch however deep into the table.
                var batch = await ContactQuery.Filter(db, filter).Where(c => c.Id > lastId).OrderBy(c => c.Id).Take(BatchSize)
                    .AsNoTracking().ToListAsync(cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }

                var ids = batch.Select(c => c.Id).ToList();
                var labels = (await db.Set<ContactLabel>().AsNoTracking().Where(l => ids.Contains(l.ContactId)).ToListAsync(cancellationToken))
                    .ToLookup(l => l.ContactId);
                var text = FormatRecords(batch.Select(c => ToCells(c, labels[c.Id])));
                await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), cancellationToken);
                count += batch.Count;
                lastId = batch[^1].Id;
            }
        }
        finally
        {
            await audit.RecordAsync(actor, AuditActions.ContactsExported, "Contact", null,
                $"CSV export of {count} contacts ({Describe(filter)})", CancellationToken.None);
        }

        return count;
    }

    public static IEnumerable<string> ToCells(Contact contact, IEnumerable<ContactLabel> labels)
    {
        var list = labels.ToList();
        yield return contact.Name;
        yield return contact.Phone;
        yield return contact.WhatsAppCapable switch { true => "yes", false => "no", null => "" };
        yield return contact.Language;
        yield return contact.Zone ?? "";
        yield return string.Join(" | ", list.Where(l => l.Kind == LabelKind.Group).Select(l => l.Value));
        yield return string.Join(" | ", list.Where(l => l.Kind == LabelKind.Tag).Select(l => l.Value));
        // Coordinates are numbers we format ourselves; they cannot carry a formula, so "-3.5" stays a number.
        yield return ContactInput.FormatCoordinate(contact.Latitude) ?? "";
        yield return ContactInput.FormatCoordinate(contact.Longitude) ?? "";
        yield return contact.ExternalId ?? "";
        yield return ConsentStatusText.ToWire(contact.Consent);
        yield return contact.ConsentSource ?? "";
        yield return contact.ConsentAt?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
    }

    /// <summary>CSV text for the records; text cells are protected against formula injection.</summary>
    public static string FormatRecords(IEnumerable<IEnumerable<string>> records)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture, leaveOpen: true))
        {
            foreach (var record in records)
            {
                var column = 0;
                foreach (var cell in record)
                {
                    var isCoordinate = column is 7 or 8;
                    csv.WriteField(isCoordinate ? cell : CsvFormulaGuard.Protect(cell));
                    column++;
                }

                csv.NextRecord();
            }
        }

        return text.ToString();
    }

    private static string Describe(ContactFilter filter)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(filter.Search)) parts.Add("a search");
        if (!string.IsNullOrWhiteSpace(filter.Zone)) parts.Add("zone " + filter.Zone);
        if (!string.IsNullOrWhiteSpace(filter.Language)) parts.Add("language " + filter.Language);
        if (filter.Consent is { } consent) parts.Add("consent " + ConsentStatusText.ToWire(consent));
        if (!string.IsNullOrWhiteSpace(filter.Group)) parts.Add("group " + filter.Group);
        return parts.Count == 0 ? "no filter" : "filter: " + string.Join(", ", parts);
    }
}
