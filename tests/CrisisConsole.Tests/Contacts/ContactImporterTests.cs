using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Contacts.Import;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Contacts;

public sealed class ContactImporterTests
{
    [Fact]
    public async Task A_rejected_row_writes_nothing_and_the_good_rows_are_kept()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        var report = await bed.ImportAsync(
            "name,phone,language,groups,consent\n" +
            "Ada Lovelace,+447700900001,en,Staff,opted_in\n" +
            "Bad Phone,07700 900002,en,Staff,opted_in\n" +
            "Bad Language,+447700900003,xx,Staff,opted_in\n" +
            "محمد العلي,+9613123456,ar,Residents North|Staff,opted_out\n");

        Assert.Equal(2, report.Imported);
        Assert.Equal(0, report.Updated);
        Assert.Equal([3, 4], report.Rejected.Select(r => r.Row));

        await using var db = bed.Db();
        var contacts = await db.Set<Contact>().Include(c => c.Labels).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(["Ada Lovelace", "محمد العلي"], contacts.Select(c => c.Name));
        Assert.DoesNotContain(contacts, c => c.Phone is "+447700900003");
        Assert.Equal(["Residents North", "Staff"], contacts[1].Groups.Order());
        Assert.Equal(ConsentStatus.OptedOut, contacts[1].Consent);
        Assert.Equal("CSV import", contacts[1].ConsentSource);
        Assert.Equal(2, await db.Set<ContactConsentChange>().CountAsync());
        Assert.Equal(3, await db.Set<ContactLabel>().CountAsync());
    }

    [Fact]
    public async Task A_row_updates_the_contact_with_its_external_id_before_one_with_its_phone()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        var byId = await bed.AddAsync("Old Name", "+447700900001", externalId: "E1", groups: ["Old group"]);
        var byPhone = await bed.AddAsync("Phone Match", "+447700900002", zone: "South");

        var report = await bed.ImportAsync(
            "external_id,name,phone,zone,groups\n" +
            "E1,New Name,+447700900011,North,Staff\n" +
            ",Phone Match Renamed,+44 7700 900002,,\n" +
            "E3,Brand New,+447700900003,East,\n");

        Assert.Equal((1, 2), (report.Imported, report.Updated));
        Assert.Empty(report.Rejected);
        await using var db = bed.Db();
        var first = await db.Set<Contact>().Include(c => c.Labels).SingleAsync(c => c.Id == byId.Id);
        Assert.Equal(("New Name", "+447700900011", "North"), (first.Name, first.Phone, first.Zone));
        Assert.Equal(["Staff"], first.Groups);
        var second = await db.Set<Contact>().Include(c => c.Labels).SingleAsync(c => c.Id == byPhone.Id);
        Assert.Equal("Phone Match Renamed", second.Name);
        Assert.Null(second.Zone);
        Assert.Empty(second.Groups);
        Assert.Equal(3, await db.Set<Contact>().CountAsync());
    }

    [Fact]
    public async Task Columns_missing_from_the_file_leave_existing_values_alone()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        var existing = await bed.AddAsync("Jean", "+33612345678", ConsentStatus.OptedIn, language: "fr", zone: "Nord", groups: ["Staff"]);

        await bed.ImportAsync("name,phone\nJean Dupont,+33612345678\n");

        await using var db = bed.Db();
        var contact = await db.Set<Contact>().Include(c => c.Labels).SingleAsync(c => c.Id == existing.Id);
        Assert.Equal(("Jean Dupont", "fr", "Nord", ConsentStatus.OptedIn), (contact.Name, contact.Language, contact.Zone, contact.Consent));
        Assert.Equal(["Staff"], contact.Groups);
    }

    [Fact]
    public async Task A_consent_change_by_import_is_kept_in_the_history()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        var existing = await bed.AddAsync("Jean", "+33612345678", ConsentStatus.OptedIn);

        await bed.ImportAsync("name,phone,consent\nJean,+33612345678,opted_out\n");

        await using var db = bed.Db();
        var history = await db.Set<ContactConsentChange>().Where(h => h.ContactId == existing.Id).OrderBy(h => h.Id).ToListAsync();
        Assert.Equal(2, history.Count);
        Assert.Equal((ConsentStatus.OptedIn, ConsentStatus.OptedOut, "CSV import"), (history[1].From!.Value, history[1].To, history[1].Source));
        Assert.Equal(ConsentStatus.OptedOut, (await db.Set<Contact>().SingleAsync()).Consent);
    }

    [Fact]
    public async Task A_phone_that_belongs_to_another_contact_than_the_external_id_is_rejected()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await bed.AddAsync("One", "+447700900001", externalId: "E1");
        await bed.AddAsync("Two", "+447700900002", externalId: "E2");

        var report = await bed.ImportAsync("external_id,name,phone\nE1,One,+447700900002\n");

        Assert.Contains("another contact", Assert.Single(report.Rejected).Reason);
        await using var db = bed.Db();
        Assert.Equal("+447700900001", (await db.Set<Contact>().SingleAsync(c => c.ExternalId == "E1")).Phone);
    }

    [Fact]
    public async Task Two_rows_that_reach_the_same_contact_update_it_once()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await bed.AddAsync("One", "+447700900001", externalId: "E1");

        var report = await bed.ImportAsync("external_id,name,phone\nE1,By id,+447700900009\n,By phone,+447700900001\n");

        Assert.Equal(1, report.Updated);
        Assert.Contains("same contact as row 2", Assert.Single(report.Rejected).Reason);
    }

    [Fact]
    public async Task The_import_is_audited_with_counts_and_no_phone_number()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await bed.ImportAsync("name,phone\nA,+447700900001\nB,nope\n");

        await using var db = bed.Db();
        var entry = await db.Set<AuditEntry>().SingleAsync(e => e.Action == AuditActions.ContactsImported);
        Assert.Equal("CSV import: 1 imported, 0 updated, 1 rejected", entry.Details);
        Assert.Equal(ContactsTestBed.Operator.Id, entry.ActorId);
    }

    [Fact]
    public async Task A_deleted_contact_is_not_matched_and_its_number_can_be_imported_again()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await bed.AddAsync("Gone", "+447700900001", externalId: "E1", deleted: true);

        var report = await bed.ImportAsync("external_id,name,phone\nE1,Back,+447700900001\n");

        Assert.Equal(1, report.Imported);
        await using var db = bed.Db();
        Assert.Equal(2, await db.Set<Contact>().CountAsync(c => c.Phone == "+447700900001"));
    }

    [Fact]
    public async Task A_refused_file_writes_nothing()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await Assert.ThrowsAsync<ContactImportRefusedException>(() => bed.ImportAsync("nom;telephone\nA;+447700900001\n"));
        await using var db = bed.Db();
        Assert.False(await db.Set<Contact>().AnyAsync());
        Assert.False(await db.Set<AuditEntry>().AnyAsync());
    }
}
