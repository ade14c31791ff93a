using CrisisConsole.Web.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Contacts;

public sealed class ContactMessagingPolicyTests
{
    private static Contact With(ConsentStatus consent, bool deleted = false) => new()
    {
        Name = "A", Phone = "+447700900001", Consent = consent, DeletedAt = deleted ? DateTimeOffset.UnixEpoch : null,
    };

    [Fact]
    public void An_opted_out_contact_can_never_be_messaged_even_when_a_segment_is_widened()
    {
        var contact = With(ConsentStatus.OptedOut);
        Assert.False(ContactMessagingPolicy.CanMessage(contact));
        Assert.False(ContactMessagingPolicy.IsEligible(contact, includeWithoutOptIn: false));
        Assert.False(ContactMessagingPolicy.IsEligible(contact, includeWithoutOptIn: true));
        Assert.Equal(MessagingExclusion.OptedOut, ContactMessagingPolicy.Exclusion(contact, includeWithoutOptIn: true));
    }

    [Fact]
    public void A_contact_without_consent_is_left_out_unless_widened()
    {
        var contact = With(ConsentStatus.Unknown);
        Assert.False(ContactMessagingPolicy.IsEligible(contact, includeWithoutOptIn: false));
        Assert.Equal(MessagingExclusion.NoConsent, ContactMessagingPolicy.Exclusion(contact, includeWithoutOptIn: false));
        Assert.True(ContactMessagingPolicy.IsEligible(contact, includeWithoutOptIn: true));
        Assert.Null(ContactMessagingPolicy.Exclusion(contact, includeWithoutOptIn: true));
    }

    [Fact]
    public void An_opted_in_contact_is_messageable_and_a_deleted_one_is_not()
    {
        Assert.True(ContactMessagingPolicy.CanMessage(With(ConsentStatus.OptedIn)));
        Assert.False(ContactMessagingPolicy.CanMessage(With(ConsentStatus.OptedIn, deleted: true)));
        Assert.Equal(MessagingExclusion.Deleted, ContactMessagingPolicy.Exclusion(With(ConsentStatus.OptedIn, deleted: true), true));
    }

    [Fact]
    public async Task The_database_query_and_the_in_memory_rule_agree()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await bed.AddAsync("In", "+447700900001", ConsentStatus.OptedIn);
        await bed.AddAsync("Out", "+447700900002", ConsentStatus.OptedOut);
        await bed.AddAsync("Unknown", "+447700900003", ConsentStatus.Unknown);
        await bed.AddAsync("Deleted", "+447700900004", ConsentStatus.OptedIn, deleted: true);

        await using var db = bed.Db();
        var all = await db.Set<Contact>().ToListAsync();
        foreach (var widened in new[] { false, true })
        {
            var inDatabase = await db.Set<Contact>().Where(ContactMessagingPolicy.Eligible(widened)).Select(c => c.Name).OrderBy(n => n).ToListAsync();
            var inMemory = all.Where(c => ContactMessagingPolicy.IsEligible(c, widened)).Select(c => c.Name).OrderBy(n => n).ToList();
            Assert.Equal(inMemory, inDatabase);
        }

        var messageable = await db.Set<Contact>().Where(ContactMessagingPolicy.Messageable).Select(c => c.Name).OrderBy(n => n).ToListAsync();
        Assert.Equal(["In", "Unknown"], messageable);
    }
}
