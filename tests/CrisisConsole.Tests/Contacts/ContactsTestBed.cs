using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Contacts.Import;
using CrisisConsole.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrisisConsole.Tests.Contacts;

/// <summary>The contacts services over a SQLite file of their own, without the web host.</summary>
public sealed class ContactsTestBed : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 30, 0, TimeSpan.Zero);
    public static readonly AuditActor Operator = new("user-1", "operator@test.local");

    private readonly TestDatabase database = new();

    private ContactsTestBed()
    {
        Contexts = new Factory(database);
        Clock = new FixedClock(Now);
        Audit = new AuditLog(Contexts, Clock);
        Contacts = new ContactService(Contexts, Audit, Clock);
        Importer = new ContactImporter(Contexts, Audit, Clock, NullLogger<ContactImporter>.Instance);
        Exporter = new ContactCsvExporter(Contexts, Audit);
        Segments = new SegmentService(Contexts, Audit, Clock);
    }

    public IDbContextFactory<AppDbContext> Contexts { get; }
    public FixedClock Clock { get; }
    public AuditLog Audit { get; }
    public ContactService Contacts { get; }
    public ContactImporter Importer { get; }
    public ContactCsvExporter Exporter { get; }
    public SegmentService Segments { get; }

    public static async Task<ContactsTestBed> CreateAsync()
    {
        var bed = new ContactsTestBed();
        await using var db = bed.Contexts.CreateDbContext();
        await db.Database.MigrateAsync();
        return bed;
    }

    public AppDbContext Db() => Contexts.CreateDbContext();

    /// <summary>Adds a contact straight to the database (no validation, no audit) for arranging a test.</summary>
    public async Task<Contact> AddAsync(string name, string phone, ConsentStatus consent = ConsentStatus.OptedIn, string language = "en",
        string? zone = null, string[]? groups = null, string[]? tags = null, string? externalId = null, bool deleted = false)
    {
        await using var db = Db();
        var contact = new Contact
        {
            Name = name, Phone = phone, Language = language, Zone = zone, ExternalId = externalId,
            CreatedAt = Now, UpdatedAt = Now, DeletedAt = deleted ? Now : null,
        };
        contact.SetLabels(LabelKind.Group, groups ?? []);
        contact.SetLabels(LabelKind.Tag, tags ?? []);
        contact.ChangeConsent(consent, "test", Now, "test");
        db.Add(contact);
        await db.SaveChangesAsync();
        return contact;
    }

    public async Task<ContactImportReport> ImportAsync(string csv) =>
        await Importer.ImportAsync(System.Text.Encoding.UTF8.GetBytes(csv), "CSV import", Operator);

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        database.Dispose();
        await Task.CompletedTask;
    }

    private sealed class Factory(TestDatabase database) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => database.CreateContext();
    }
}

public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
