using CrisisConsole.Gateways.Phone;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Contacts;

/// <summary>One row of the contacts grid (labels joined for display only).</summary>
public sealed record ContactRow(
    int Id,
    string Name,
    string Phone,
    string Language,
    string? Zone,
    ConsentStatus Consent,
    bool? WhatsAppCapable,
    string Groups,
    string Tags,
    DateTimeOffset UpdatedAt);

public sealed record ContactPage(IReadOnlyList<ContactRow> Rows, int Total);

/// <summary>The outcome of a save: the contact, or a message per field that was wrong.</summary>
public sealed record ContactSaveResult(Contact? Contact, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Contact is not null;
}

/// <summary>Reads and changes contacts for the console and the API, auditing every change.</summary>
public sealed class ContactService(IDbContextFactory<AppDbContext> contexts, AuditLog audit, TimeProvider clock)
{
    public async Task<ContactPage> ListAsync(ContactFilter filter, ContactSort sort, bool descending, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var filtered = ContactQuery.Filter(db, filter);
        var total = await filtered.CountAsync(cancellationToken);
        var page = await ContactQuery.Sort(filtered, sort, descending)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return new ContactPage(await ToRowsAsync(db, page, cancellationToken), total);
    }

    /// <summary>Rows for a page of contacts, with their labels fetched in one query.</summary>
    public static async Task<List<ContactRow>> ToRowsAsync(AppDbContext db, IReadOnlyList<Contact> contacts, CancellationToken cancellationToken)
    {
        var ids = contacts.Select(c => c.Id).ToList();
        var labels = await db.Set<ContactLabel>().AsNoTracking().Where(l => ids.Contains(l.ContactId)).ToListAsync(cancellationToken);
        var byContact = labels.ToLookup(l => l.ContactId);
        return contacts.Select(c => new ContactRow(
            c.Id, c.Name, c.Phone, c.Language, c.Zone, c.Consent, c.WhatsAppCapable,
            string.Join(", ", byContact[c.Id].Where(l => l.Kind == LabelKind.Group).Select(l => l.Value).Order(StringComparer.OrdinalIgnoreCase)),
            string.Join(", ", byContact[c.Id].Where(l => l.Kind == LabelKind.Tag).Select(l => l.Value).Order(StringComparer.OrdinalIgnoreCase)),
            c.UpdatedAt)).ToList();
    }

    /// <summary>A live contact with its labels and consent history, or null.</summary>
    public async Task<Contact?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Contact>().AsNoTracking()
            .Include(c => c.Labels)
            .Include(c => c.ConsentChanges.OrderByDescending(h => h.At).ThenByDescending(h => h.Id))
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, cancellationToken);
    }

    /// <summary>The live contact with this E.164 number, with its labels, or null.</summary>
    public async Task<Contact?> FindByPhoneAsync(string e164, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Contact>().AsNoTracking().Include(c => c.Labels)
            .SingleOrDefaultAsync(c => c.Phone == e164 && c.DeletedAt == null, cancellationToken);
    }

    public async Task<ContactSaveResult> CreateAsync(ContactInput input, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var errors = input.Validate(null, out var phone, out var language);
        if (errors.Count > 0)
        {
            return new ContactSaveResult(null, errors);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var contact = new Contact { CreatedAt = now };
        Apply(contact, input, phone!, language!, now);
        contact.ChangeConsent(input.Consent, ConsentSourceOf(input, "console"), now, actor.Name);
        if (await Inbox.UnknownSenderConsent.OptOutOfAsync(db, contact.Phone, cancellationToken) is { } earlierStop)
        {
            // The number sent STOP before it was a contact: that stands until the person sends START.
            contact.ChangeConsent(ConsentStatus.OptedOut, earlierStop.Source, now, actor.Name);
        }

        if (await FindConflictsAsync(db, contact, cancellationToken) is { Count: > 0 } conflicts)
        {
            return new ContactSaveResult(null, conflicts);
        }

        // The id exists only after the insert; one transaction keeps the contact and its audit entry together.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Set<Contact>().Add(contact);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return Conflict();
        }

        audit.Add(db, actor, AuditActions.ContactCreated, "Contact", contact.Id.ToString(), $"Contact {E164.Mask(contact.Phone)} created, consent {contact.Consent}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ContactSaveResult(contact, new Dictionary<string, string>());
    }

    public async Task<ContactSaveResult> UpdateAsync(int id, ContactInput input, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contact = await db.Set<Contact>().Include(c => c.Labels).SingleOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, cancellationToken);
        if (contact is null)
        {
            return new ContactSaveResult(null, new Dictionary<string, string> { [""] = "This contact no longer exists; it may have been deleted." });
        }

        var errors = input.Validate(contact.Consent, out var phone, out var language);
        if (errors.Count > 0)
        {
            return new ContactSaveResult(null, errors);
        }

        var now = clock.GetUtcNow();
        var before = ContactInput.From(contact);
        Apply(contact, input, phone!, language!, now);
        if (await FindConflictsAsync(db, contact, cancellationToken) is { Count: > 0 } conflicts)
        {
            return new ContactSaveResult(null, conflicts);
        }

        var changed = ChangedFields(before, ContactInput.From(contact));
        if (changed.Count > 0)
        {
            audit.Add(db, actor, AuditActions.ContactUpdated, "Contact", contact.Id.ToString(), $"Contact {E164.Mask(contact.Phone)} changed: {string.Join(", ", changed)}");
        }

        var previousConsent = contact.Consent;
        if (contact.ChangeConsent(input.Consent, ConsentSourceOf(input, "console"), now, actor.Name) is not null)
        {
            audit.Add(db, actor, AuditActions.ContactConsentChanged, "Contact", contact.Id.ToString(),
                $"Consent of {E164.Mask(contact.Phone)}: {previousConsent} → {contact.Consent} (source: {contact.ConsentSource})");
        }

        if (!await TrySaveAsync(db, cancellationToken))
        {
            return Conflict();
        }

        return new ContactSaveResult(contact, new Dictionary<string, string>());
    }

    /// <summary>
    /// Records a consent change from outside the dialog (an inbound STOP or START, an API call). The
    /// source says where it came from. Returns false when the contact does not exist.
    /// </summary>
    public async Task<bool> ChangeConsentAsync(int id, ConsentStatus status, string source, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contact = await db.Set<Contact>().SingleOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, cancellationToken);
        if (contact is null)
        {
            return false;
        }

        if (ChangeConsent(db, contact, status, source, actor, clock.GetUtcNow()))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// Changes a tracked contact's consent in the caller's context, with its history entry and audit entry
    /// (saved by the caller, in its transaction: an inbound STOP is applied in the webhook's). False when unchanged.
    /// </summary>
    public bool ChangeConsent(AppDbContext db, Contact contact, ConsentStatus status, string source, AuditActor actor, DateTimeOffset at)
    {
        var previous = contact.Consent;
        if (contact.ChangeConsent(status, source, at, actor.Name) is null)
        {
            return false;
        }

        contact.UpdatedAt = at;
        audit.Add(db, actor, AuditActions.ContactConsentChanged, "Contact", contact.Id.ToString(),
            $"Consent of {E164.Mask(contact.Phone)}: {previous} → {status} (source: {contact.ConsentSource})");
        return true;
    }

    /// <summary>Soft delete: the contact disappears from lists, segments and sends; its history stays.</summary>
    public async Task<bool> DeleteAsync(int id, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contact = await db.Set<Contact>().SingleOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, cancellationToken);
        if (contact is null)
        {
            return false;
        }

        contact.DeletedAt = clock.GetUtcNow();
        contact.UpdatedAt = contact.DeletedAt.Value;
        audit.Add(db, actor, AuditActions.ContactDeleted, "Contact", contact.Id.ToString(), $"Contact {E164.Mask(contact.Phone)} deleted");
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Distinct zones, languages and groups of live contacts, for the filter lists.</summary>
    public async Task<ContactFilterChoices> GetFilterChoicesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var zones = await db.Set<Contact>().Where(c => c.DeletedAt == null && c.Zone != null).Select(c => c.Zone!).Distinct().OrderBy(z => z).Take(500).ToListAsync(cancellationToken);
        var languages = await db.Set<Contact>().Where(c => c.DeletedAt == null).Select(c => c.Language).Distinct().OrderBy(l => l).Take(200).ToListAsync(cancellationToken);
        var groups = await LabelValues(db, LabelKind.Group).ToListAsync(cancellationToken);
        var tags = await LabelValues(db, LabelKind.Tag).ToListAsync(cancellationToken);
        return new ContactFilterChoices(zones, languages, groups, tags);
    }

    private static IQueryable<string> LabelValues(AppDbContext db, LabelKind kind) =>
        db.Set<ContactLabel>().Where(l => l.Kind == kind).Select(l => l.Value).Distinct().OrderBy(v => v).Take(500);

    private static void Apply(Contact contact, ContactInput input, string phone, string language, DateTimeOffset now)
    {
        contact.Name = input.Name.Trim();
        contact.Phone = phone;
        contact.Language = language;
        contact.WhatsAppCapable = input.WhatsAppCapable;
        contact.Zone = string.IsNullOrWhiteSpace(input.Zone) ? null : input.Zone.Trim();
        contact.Latitude = input.Latitude;
        contact.Longitude = input.Longitude;
        contact.ExternalId = string.IsNullOrWhiteSpace(input.ExternalId) ? null : input.ExternalId.Trim();
        contact.SetLabels(LabelKind.Group, ContactLabel.Split(input.Groups));
        contact.SetLabels(LabelKind.Tag, ContactLabel.Split(input.Tags));
        contact.UpdatedAt = now;
    }

    private static string ConsentSourceOf(ContactInput input, string fallback) =>
        string.IsNullOrWhiteSpace(input.ConsentSource) ? fallback : input.ConsentSource.Trim();

    private static async Task<Dictionary<string, string>> FindConflictsAsync(AppDbContext db, Contact contact, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var samePhone = await db.Set<Contact>().AsNoTracking()
            .Where(c => c.Phone == contact.Phone && c.DeletedAt == null && c.Id != contact.Id)
            .Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
        if (samePhone is not null)
        {
            errors[nameof(ContactInput.Phone)] = $"Another contact ({samePhone}) already has this number.";
        }

        if (contact.ExternalId is { } externalId)
        {
            var sameExternal = await db.Set<Contact>().AsNoTracking()
                .Where(c => c.ExternalId == externalId && c.DeletedAt == null && c.Id != contact.Id)
                .Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
            if (sameExternal is not null)
            {
                errors[nameof(ContactInput.ExternalId)] = $"Another contact ({sameExternal}) already has this external id.";
            }
        }

        return errors;
    }

    private static async Task<bool> TrySaveAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            // A unique index caught a number or external id saved by someone else a moment ago.
            return false;
        }
    }

    private static ContactSaveResult Conflict() => new(null, new Dictionary<string, string>
    {
        [nameof(ContactInput.Phone)] = "Another contact was just saved with this number or external id; reload and check.",
    });

    private static List<string> ChangedFields(ContactInput before, ContactInput after)
    {
        var changed = new List<string>();
        if (before.Name != after.Name) changed.Add("name");
        if (before.Phone != after.Phone) changed.Add("phone");
        if (before.WhatsAppCapable != after.WhatsAppCapable) changed.Add("whatsapp");
        if (before.Language != after.Language) changed.Add("language");
        if (before.Zone != after.Zone) changed.Add("zone");
        if (before.Latitude != after.Latitude || before.Longitude != after.Longitude) changed.Add("coordinates");
        if (before.Groups != after.Groups) changed.Add("groups");
        if (before.Tags != after.Tags) changed.Add("tags");
        if (before.ExternalId != after.ExternalId) changed.Add("external id");
        return changed;
    }
}

public sealed record ContactFilterChoices(
    IReadOnlyList<string> Zones,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> Tags);
