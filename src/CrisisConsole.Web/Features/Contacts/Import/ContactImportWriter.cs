using Microsoft.Data.Sqlite;

namespace CrisisConsole.Web.Features.Contacts.Import;

internal sealed record ExistingContact(int Id, string Phone, string? ExternalId, ConsentStatus Consent);

internal sealed record ContactUpdate(ContactCsvRow Row, ExistingContact Contact);

/// <summary>Prepared commands, reused for every row of one import inside its transaction.</summary>
internal sealed class ContactImportWriter(SqliteConnection connection, SqliteTransaction transaction, ContactCsvContent content, DateTimeOffset now, string consentSource, string changedBy)
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
        // A number that sent STOP before it was a contact starts opted out, whatever the file says (see UnknownSenderConsent).
        using var earlierStop = Command(Inbox.UnknownSenderConsent.ImportLookupSql, "$phone");
        foreach (var row in rows)
        {
            var consent = row.Consent ?? ConsentStatus.Unknown;
            var rowSource = source;
            long? consentAt = nowMs;
            Set(earlierStop, row.Phone);
            using (var reader = earlierStop.ExecuteReader())
            {
                if (reader.Read())
                {
                    consent = ConsentStatus.OptedOut;
                    consentAt = reader.GetInt64(0);
                    rowSource = reader.GetString(1);
                }
            }

            var recorded = consent != ConsentStatus.Unknown;
            Set(insert, row.Name, row.Phone, row.WhatsAppCapable, row.Language ?? LanguageTag.Default, row.Zone, row.Latitude, row.Longitude,
                row.ExternalId, consent.ToString(), recorded ? rowSource : null, recorded ? consentAt : null, nowMs);
            var id = Convert.ToInt32(insert.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            AddLabels(id, LabelKind.Group, row.Groups);
            AddLabels(id, LabelKind.Tag, row.Tags);
            if (recorded)
            {
                RecordConsent(id, null, consent, rowSource);
            }
        }
    }

    public void Update(List<ContactUpdate> updates)
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

    private void RecordConsent(int contactId, ConsentStatus? from, ConsentStatus to, string? sourceOverride = null)
    {
        consentChange ??= Command("""
            INSERT INTO "ContactConsentChanges" ("ContactId", "From", "To", "Source", "At", "ChangedBy")
            VALUES ($id, $from, $to, $source, $now, $by)
            """, "$id", "$from", "$to", "$source", "$now", "$by");
        Set(consentChange, contactId, from?.ToString(), to.ToString(), sourceOverride ?? source, nowMs, changedBy);
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
