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
/// The SQL below therefore names the tables and columns of <see cref="ContactConfiguration"/> and friends.
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
            using var writer = new Writer((SqliteConnection)db.Database.GetDbConnection(), (SqliteTransaction)transaction.GetDbTransaction(), content, now, consentSource, actor.Name);
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

    private sealed record Existing(int Id, string Phone, string? ExternalId, ConsentStatus Consent);

    private sealed record Update(ContactCsvRow Row, Existing Contact);

    private sealed class ExistingContacts
    {
        public Dictionary<string, Existing> ByPhone { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, Existing> ByExternalId { get; } = new(StringComparer.Ordinal);
    }

    private static async Task<ExistingContacts> LoadExistingAsync(AppDbContext db, IReadOnlyList<ContactCsvRow> rows, CancellationToken cancellationToken)
    {
        var found = new ExistingContacts();
        void Add(Existing e)
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
                .Select(c => new Existing(c.Id, c.Phone, c.ExternalId, c.Consent))
                .ToListAsync(cancellationToken);
            matches.ForEach(Add);
        }

        foreach (var chunk in rows.Where(r => r.ExternalId is not null).Select(r => r.ExternalId!).Chunk(LookupChunk))
        {
            var ids = chunk.ToList();
            var matches = await db.Set<Contact>().AsNoTracking()
                .Where(c => c.DeletedAt == null && c.ExternalId != null && ids.Contains(c.ExternalId))
                .Select(c => new Existing(c.Id, c.Phone, c.ExternalId, c.Consent))
                .ToListAsync(cancellationToken);
            matches.ForEach(Add);
        }

        return found;
    }

    /// <summary>Decides insert or update for each row; a row that would clash with another contact is rejected.</summary>
    private static (List<ContactCsvRow> Inserts, List<Update> Updates) Plan(IReadOnlyList<ContactCsvRow> rows, ExistingContacts existing, List<ContactImportRejection> rejections)
    {
        var inserts = new List<ContactCsvRow>();
        var updates = new List<Update>();
        var claimed = new Dictionary<int, int>();
        foreach (var row in rows)
        {
            var byExternalId = row.ExternalId is null ? null : existing.ByExternalId.GetValueOrDefault(row.ExternalId);
            var byPhone = existing.ByPhone.GetValueOrDefault(row.Phone);
            Existing? target;
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

            updates.Add(new Update(row, target));
        }

        return (inserts, updates);
    }

    /// <summary>Prepared commands, reused for every row of one import inside its transaction.</summary>
    private sealed class Writer(SqliteConnection connection, SqliteTransaction transaction, ContactCsvContent content, DateTimeOffset now, string consentSource, string changedBy)
        : IDisposable
    {
        private readonly long nowMs = now.ToUnixTimeMilliseconds();
        private readonly string source = consentSource.Length > Contact.ConsentSourceMaxLength ? consentSource[..Contact.ConsentSourceMaxLength] : consentSource;
        private SqliteCommand? labelDelete;
        private SqliteCommand? labelInsert;
        private SqliteCommand? consentChange;

        public void Insert(List<ContactCsvRow> rows)
        {
            if (rows.Count == 0)
            {
                return;
            }

            using var insert = Command("""
                INSERT INTO "Contacts" ("Name", "Phone", "WhatsAppCapable", "Language", "Zone", "Latitude", "Longitude", "ExternalId",
                    "Consent", "ConsentSource", "ConsentAt", "CreatedAt", "UpdatedAt")
                VALUES ($name, $phone, $whatsapp, $language, $zone, $lat, $lon, $externalId, $consent, $source, $consentAt, $now, $now)
                RETURNING "Id"
                """, "$name", "$phone", "$whatsapp", "$language", "$zone", "$lat", "$lon", "$externalId", "$consent", "$source", "$consentAt", "$now");
            foreach (var row in rows)
            {
                var consent = row.Consent ?? ConsentStatus.Unknown;
                var recorded = consent != ConsentStatus.Unknown;
                Set(insert, row.Name, row.Phone, row.WhatsAppCapable, row.Language ?? LanguageTag.Default, row.Zone, row.Latitude, row.Longitude,
                    row.ExternalId, consent.ToString(), recorded ? source : null, recorded ? nowMs : null, nowMs);
                var id = Convert.ToInt32(insert.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                AddLabels(id, LabelKind.Group, row.Groups);
                AddLabels(id, LabelKind.Tag, row.Tags);
                if (recorded)
                {
                    RecordConsent(id, null, consent);
                }
            }
        }

        public void Update(List<Update> updates)
        {
            if (updates.Count == 0)
            {
                return;
            }

            // Only the columns the file has are written; an absent column leaves the field as it was.
            var set = new List<string> { "\"Name\" = $name", "\"Phone\" = $phone", "\"UpdatedAt\" = $now" };
            if (content.Has(ContactCsvColumns.WhatsApp)) set.Add("\"WhatsAppCapable\" = $whatsapp");
            if (content.Has(ContactCsvColumns.Language)) set.Add("\"Language\" = COALESCE($language, \"Language\")");
            if (content.Has(ContactCsvColumns.Zone)) set.Add("\"Zone\" = $zone");
            var coordinates = content.Has(ContactCsvColumns.Lat) && content.Has(ContactCsvColumns.Lon);
            if (coordinates) set.Add("\"Latitude\" = $lat, \"Longitude\" = $lon");
            set.Add("\"ExternalId\" = COALESCE($externalId, \"ExternalId\")");
            using var update = Command($"UPDATE \"Contacts\" SET {string.Join(", ", set)} WHERE \"Id\" = $id",
                "$name", "$phone", "$whatsapp", "$language", "$zone", "$lat", "$lon", "$externalId", "$now", "$id");
            using var setConsent = Command("""
                UPDATE "Contacts" SET "Consent" = $consent, "ConsentSource" = $source, "ConsentAt" = $now WHERE "Id" = $id
                """, "$consent", "$source", "$now", "$id");

            foreach (var (row, contact) in updates)
            {
                Set(update, row.Name, row.Phone, row.WhatsAppCapable, row.Language, row.Zone, row.Latitude, row.Longitude, row.ExternalId, nowMs, contact.Id);
                update.ExecuteNonQuery();
                if (content.Has(ContactCsvColumns.Groups))
                {
                    ReplaceLabels(contact.Id, LabelKind.Group, row.Groups);
                }

                if (content.Has(ContactCsvColumns.Tags))
                {
                    ReplaceLabels(contact.Id, LabelKind.Tag, row.Tags);
                }

                if (row.Consent is { } consent && consent != contact.Consent)
                {
                    Set(setConsent, consent.ToString(), source, nowMs, contact.Id);
                    setConsent.ExecuteNonQuery();
                    RecordConsent(contact.Id, contact.Consent, consent);
                }
            }
        }

        private void ReplaceLabels(int contactId, LabelKind kind, List<string> values)
        {
            labelDelete ??= Command("DELETE FROM \"ContactLabels\" WHERE \"ContactId\" = $id AND \"Kind\" = $kind", "$id", "$kind");
            Set(labelDelete, contactId, kind.ToString());
            labelDelete.ExecuteNonQuery();
            AddLabels(contactId, kind, values);
        }

        private void AddLabels(int contactId, LabelKind kind, List<string> values)
        {
            if (values.Count == 0)
            {
                return;
            }

            labelInsert ??= Command("INSERT OR IGNORE INTO \"ContactLabels\" (\"ContactId\", \"Kind\", \"Value\") VALUES ($id, $kind, $value)", "$id", "$kind", "$value");
            foreach (var value in values)
            {
                Set(labelInsert, contactId, kind.ToString(), value);
                labelInsert.ExecuteNonQuery();
            }
        }

        private void RecordConsent(int contactId, ConsentStatus? from, ConsentStatus to)
        {
            consentChange ??= Command("""
                INSERT INTO "ContactConsentChanges" ("ContactId", "From", "To", "Source", "At", "ChangedBy")
                VALUES ($id, $from, $to, $source, $now, $by)
                """, "$id", "$from", "$to", "$source", "$now", "$by");
            Set(consentChange, contactId, from?.ToString(), to.ToString(), source, nowMs, changedBy);
            consentChange.ExecuteNonQuery();
        }

        public void Dispose()
        {
            labelDelete?.Dispose();
            labelInsert?.Dispose();
            consentChange?.Dispose();
        }

        private SqliteCommand Command(string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            return command;
        }

        private static void Set(SqliteCommand command, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Contacts imported: {Imported} new, {Updated} updated, {Rejected} rejected in {ElapsedMs} ms ({ReadMs} ms reading, {MatchMs} ms matching)")]
    private static partial void LogImported(ILogger logger, int imported, int updated, int rejected, long elapsedMs, long readMs, long matchMs);
}
