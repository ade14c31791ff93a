using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Contacts;

public sealed class ContactServiceTests
{
    private static ContactInput Input(string name = "Ada Lovelace", string phone = "+44 7700 900001") => new()
    {
        Name = name, Phone = phone, Language = "en", Zone = "North", Groups = "Staff | Field responders",
    };

    [Fact]
    public async Task Create_normalises_the_phone_and_stores_the_groups()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        var result = await bed.Contacts.CreateAsync(Input(), ContactsTestBed.Operator);

        Assert.True(result.Succeeded);
        var stored = await bed.Contacts.GetAsync(result.Contact!.Id);
        Assert.Equal("+447700900001", stored!.Phone);
        Assert.Equal(["Field responders", "Staff"], stored.Groups.Order());
    }

    [Fact]
    public async Task Create_answers_a_message_for_each_bad_field()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        var input = new ContactInput { Name = " ", Phone = "07700 900001", Language = "xx", Latitude = 95, Longitude = 0, Consent = ConsentStatus.OptedIn };

        var result = await bed.Contacts.CreateAsync(input, ContactsTestBed.Operator);

        Assert.False(result.Succeeded);
        Assert.Contains("name", result.Errors[nameof(ContactInput.Name)]);
        Assert.Contains("country code", result.Errors[nameof(ContactInput.Phone)]);
        Assert.Contains("unknown", result.Errors[nameof(ContactInput.Language)]);
        Assert.Contains("-90 and 90", result.Errors[nameof(ContactInput.Latitude)]);
        Assert.Contains("where this consent came from", result.Errors[nameof(ContactInput.ConsentSource)]);
    }

    [Fact]
    public async Task A_number_already_used_by_a_live_contact_is_refused_on_the_phone_field()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await bed.AddAsync("Existing", "+447700900001");

        var result = await bed.Contacts.CreateAsync(Input(), ContactsTestBed.Operator);

        Assert.Contains("Existing", result.Errors[nameof(ContactInput.Phone)]);
    }

    [Fact]
    public async Task A_consent_change_is_recorded_with_its_source_and_audited_without_the_full_number()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        var created = await bed.Contacts.CreateAsync(Input(), ContactsTestBed.Operator);
        var input = ContactInput.From((await bed.Contacts.GetAsync(created.Contact!.Id))!);
        input.Consent = ConsentStatus.OptedIn;
        input.ConsentSource = "paper form";

        var updated = await bed.Contacts.UpdateAsync(created.Contact.Id, input, ContactsTestBed.Operator);

        Assert.True(updated.Succeeded);
        var stored = await bed.Contacts.GetAsync(created.Contact.Id);
        Assert.Equal((ConsentStatus.OptedIn, "paper form"), (stored!.Consent, stored.ConsentSource));
        var change = Assert.Single(stored.ConsentChanges);
        Assert.Equal((ConsentStatus.Unknown, ConsentStatus.OptedIn, "operator@test.local"), (change.From!.Value, change.To, change.ChangedBy));
        await using var db = bed.Db();
        var audit = await db.Set<AuditEntry>().ToListAsync();
        Assert.Contains(audit, e => e.Action == AuditActions.ContactConsentChanged);
        Assert.All(audit, e => Assert.DoesNotContain("7700900001", e.Details ?? ""));
    }

    [Fact]
    public async Task An_opted_out_contact_can_be_edited_and_stays_opted_out()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        var contact = await bed.AddAsync("Out", "+447700900001", ConsentStatus.OptedOut);
        var input = ContactInput.From((await bed.Contacts.GetAsync(contact.Id))!);
        input.Name = "Out Renamed";

        var result = await bed.Contacts.UpdateAsync(contact.Id, input, ContactsTestBed.Operator);

        Assert.True(result.Succeeded);
        var stored = await bed.Contacts.GetAsync(contact.Id);
        Assert.Equal(("Out Renamed", ConsentStatus.OptedOut), (stored!.Name, stored.Consent));
        Assert.False(ContactMessagingPolicy.CanMessage(stored));
    }

    [Fact]
    public async Task Delete_hides_the_contact_and_frees_its_number()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        var contact = await bed.AddAsync("Gone", "+447700900001");

        Assert.True(await bed.Contacts.DeleteAsync(contact.Id, ContactsTestBed.Operator));

        Assert.Null(await bed.Contacts.GetAsync(contact.Id));
        Assert.Equal(0, (await bed.Contacts.ListAsync(new ContactFilter(), ContactSort.Name, false, 0, 25)).Total);
        Assert.True((await bed.Contacts.CreateAsync(Input(), ContactsTestBed.Operator)).Succeeded);
    }

    [Fact]
    public async Task The_list_filters_by_name_phone_zone_language_consent_and_group_and_pages()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await bed.AddAsync("Élodie Martin", "+33612345678", ConsentStatus.OptedIn, "fr-CA", "North", ["Staff"]);
        await bed.AddAsync("محمد العلي", "+9613123456", ConsentStatus.Unknown, "ar", "South", ["Residents South"]);
        await bed.AddAsync("Ada Lovelace", "+447700900001", ConsentStatus.OptedOut, "en", "north", ["staff"]);

        async Task<string[]> Names(ContactFilter filter) =>
            (await bed.Contacts.ListAsync(filter, ContactSort.Name, false, 0, 25)).Rows.Select(r => r.Name).ToArray();

        Assert.Equal(["Élodie Martin"], await Names(new ContactFilter(Search: "martin")));
        Assert.Equal(["محمد العلي"], await Names(new ContactFilter(Search: "العلي")));
        Assert.Equal(["Ada Lovelace"], await Names(new ContactFilter(Search: "7700 900")));
        Assert.Equal(["Ada Lovelace", "Élodie Martin"], await Names(new ContactFilter(Zone: "NORTH")));
        Assert.Equal(["Élodie Martin"], await Names(new ContactFilter(Language: "fr")));
        Assert.Equal(["محمد العلي"], await Names(new ContactFilter(Consent: ConsentStatus.Unknown)));
        Assert.Equal(["Ada Lovelace", "Élodie Martin"], await Names(new ContactFilter(Group: "Staff")));

        var page = await bed.Contacts.ListAsync(new ContactFilter(), ContactSort.Name, true, 1, 1);
        Assert.Equal(3, page.Total);
        Assert.Single(page.Rows);
    }
}
