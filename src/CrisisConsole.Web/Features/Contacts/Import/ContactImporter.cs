using System.Diagnostics;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CrisisConsole.Web.Features.Contacts.Import;

/// <summary>
/// Imports a CSV of contacts: each good row updates the live contact with its external_id, else the one
/// with its phone number, or becomes a new contact. Rejected rows write nothing; good rows are all written
/// in one transaction (a failure part-way leaves the database as it was).
/// <para>
/// Built for 100,000 rows: existing contacts are looked up in bulk, and the writes go through prepared
/// SQLite commands rather than the change tracker, which would spend most of a minute on bookkeeping.
/// The SQL in <see cref="ContactImportWriter"/> therefore names the tables and columns of <see cref="ContactConfiguration"/> and friends.
/// </para>
/// </summary>
public sealed partial class ContactImporter(
    IDbContextFactory<AppDbContext> contexts,
    AuditLog audit,
    TimeProvider clock,
    ILogger<ContactImporter> logger)
{
    private const int LookupChunk = 5_000;

    /// <summary>Reads, checks and imports the file. Throws <see cref="ContactImportRefusedException"/> when the whole file is refused.</summary>
    /// <param name="consentSource">Recorded as the source of consents the file sets, e.g. "CSV import".</param>
    public async Task<ContactImportReport> ImportAsync(ReadOnlyMemory<byte> file, string consentSource, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var content = ContactCsvReader.Read(file.Span);
        var rejections = content.Rejections.ToList();
        var readMs = stopwatch.ElapsedMilliseconds;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await LoadExistingAsync(db, content.Rows, cancellationToken);
        var (inserts, updates) = Plan(content.Rows, existing, rejections);

        var matchMs = stopwatch.ElapsedMilliseconds - readMs;
        var now = clock.GetUtcNow();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            using var writer = new ContactImportWriter((SqliteConnection)db.Database.GetDbConnection(), (SqliteTransaction)transaction.GetDbTransaction(), content, now, consentSource, actor.Name);
            writer.Update(updates);
            writer.Insert(inserts);
            audit.Add(db, actor, AuditActions.ContactsImported, "Contact", null,
                $"CSV import: {inserts.Count} imported, {updates.Count} updated, {rejections.Count} rejected");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        rejections.Sort((a, b) => a.Row.CompareTo(b.Row));
        LogImported(logger, inserts.Count, updates.Count, rejections.Count, stopwatch.ElapsedMilliseconds, readMs, matchMs);
        return new ContactImportReport(inserts.Count, updates.Count, rejections);
    }


    private sealed class ExistingContacts
    {
        public Dictionary<string, ExistingContact> ByPhone { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, ExistingContact> ByExternalId { get; } = new(StringComparer.Ordinal);
    }

    private static async Task<ExistingContacts> LoadExistingAsync(AppDbContext db, IReadOnlyList<ContactCsvRow> rows, CancellationToken cancellationToken)
    {
        var found = new ExistingContacts();
        void Add(ExistingContact e)
        {
            found.ByPhone[e.Phone] = e;
            if (e.ExternalId is not null)
            {
                found.ByExternalId[e.ExternalId] = e;
            }
        }

        foreach (var chunk in rows.Select(r => r.Phone).Chunk(LookupChunk))
        {
            var phones = chunk.ToList();
            var matches = await db.Set<Contact>().AsNoTracking()
                .Where(c => c.DeletedAt == null && phones.Contains(c.Phone))
                .Select(c => new ExistingContact(c.Id, c.Phone, c.ExternalId, c.Consent))
                .ToListAsync(cancellationToken);
            matches.ForEach(Add);
        }

        foreach (var chunk in rows.Where(r => r.ExternalId is not null).Select(r => r.ExternalId!).Chunk(LookupChunk))
        {
            var ids = chunk.ToList();
            var matches = await db.Set<Contact>().AsNoTracking()
                .Where(c => c.DeletedAt == null && c.ExternalId != null && ids.Contains(c.ExternalId))
                .Select(c => new ExistingContact(c.Id, c.Phone, c.ExternalId, c.Consent))
                .ToListAsync(cancellationToken);
            matches.ForEach(Add);
        }

        return found;
    }

    /// <summary>Decides insert or update for each row; a row that would clash with another contact is rejected.</summary>
    private static (List<ContactCsvRow> Inserts, List<ContactUpdate> Updates) Plan(IReadOnlyList<ContactCsvRow> rows, ExistingContacts existing, List<ContactImportRejection> rejections)
    {
        var inserts = new List<ContactCsvRow>();
        var updates = new List<ContactUpdate>();
        var claimed = new Dictionary<int, int>();
        foreach (var row in rows)
        {
            var byExternalId = row.ExternalId is null ? null : existing.ByExternalId.GetValueOrDefault(row.ExternalId);
            var byPhone = existing.ByPhone.GetValueOrDefault(row.Phone);
            ExistingContact? target;
            if (byExternalId is not null)
            {
                if (byPhone is not null && byPhone.Id != byExternalId.Id)
                {
                    rejections.Add(new(row.Row, "The phone number already belongs to another contact than the one with this external_id."));
                    continue;
                }

                target = byExternalId;
            }
            else if (byPhone is not null)
            {
                if (row.ExternalId is not null && byPhone.ExternalId is not null)
                {
                    rejections.Add(new(row.Row, "The phone number already belongs to a contact with a different external_id."));
                    continue;
                }

                target = byPhone;
            }
            else
            {
                inserts.Add(row);
                continue;
            }

            if (!claimed.TryAdd(target.Id, row.Row))
            {
                rejections.Add(new(row.Row, $"Duplicate in the file: updates the same contact as row {claimed[target.Id]}."));
                continue;
            }

            updates.Add(new ContactUpdate(row, target));
        }

        return (inserts, updates);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Contacts imported: {Imported} new, {Updated} updated, {Rejected} rejected in {ElapsedMs} ms ({ReadMs} ms reading, {MatchMs} ms matching)")]
    private static partial void LogImported(ILogger logger, int imported, int updated, int rejected, long elapsedMs, long readMs, long matchMs);
}
