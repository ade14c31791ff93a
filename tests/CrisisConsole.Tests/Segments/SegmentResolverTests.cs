using CrisisConsole.Tests.Contacts;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Segments;

public sealed class SegmentResolverTests
{
    private static SegmentRule Rule(string[]? groups = null, string[]? tags = null, string[]? zones = null, string[]? languages = null, bool widened = false) =>
        new(groups ?? [], tags ?? [], zones ?? [], languages ?? [], widened);

    private static async Task<List<string>> NamesAsync(ContactsTestBed bed, params SegmentRule[] rules)
    {
        await using var db = bed.Db();
        var ids = SegmentResolver.ContactIds(db, rules);
        return await db.Set<Contact>().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Name).Select(c => c.Name).ToListAsync();
    }

    [Fact]
    public async Task A_contact_matched_by_two_groups_of_the_rule_is_counted_once()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await bed.AddAsync("Both", "+447700900001", groups: ["Staff", "Field responders"], tags: ["first-aid", "vehicle"]);
        await bed.AddAsync("Staff only", "+447700900002", groups: ["Staff"]);

        var rule = Rule(groups: ["Staff", "Field responders"], tags: ["first-aid", "vehicle"]);
        await using var db = bed.Db();
        Assert.Equal(1, await SegmentResolver.ContactIds(db, rule).CountAsync());
        Assert.Equal(2, await SegmentResolver.ContactIds(db, Rule(groups: ["Staff", "Field responders"])).CountAsync());
    }

    [Fact]
    public async Task A_contact_matched_by_two_segments_is_counted_once_in_their_union()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await bed.AddAsync("North staff", "+447700900001", zone: "North", groups: ["Staff"]);
        await bed.AddAsync("North resident", "+447700900002", zone: "North", groups: ["Residents North"]);
        await bed.AddAsync("South staff", "+447700900003", zone: "South", groups: ["Staff"]);

        var names = await NamesAsync(bed, Rule(zones: ["North"]), Rule(groups: ["Staff"]));

        Assert.Equal(["North resident", "North staff", "South staff"], names);
        await using var db = bed.Db();
        Assert.Equal(3, await SegmentResolver.ContactIds(db, [Rule(zones: ["North"]), Rule(groups: ["Staff"])]).CountAsync());
    }

    [Fact]
    public async Task A_segment_holds_only_opted_in_contacts_unless_widened_and_never_opted_out_ones()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await bed.AddAsync("In", "+447700900001", ConsentStatus.OptedIn);
        await bed.AddAsync("Unknown", "+447700900002", ConsentStatus.Unknown);
        await bed.AddAsync("Out", "+447700900003", ConsentStatus.OptedOut);
        await bed.AddAsync("Deleted", "+447700900004", ConsentStatus.OptedIn, deleted: true);

        Assert.Equal(["In"], await NamesAsync(bed, SegmentRule.Everyone));
        Assert.Equal(["In", "Unknown"], await NamesAsync(bed, Rule(widened: true)));
    }

    [Fact]
    public async Task Lists_are_alternatives_and_different_lists_must_all_match()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await bed.AddAsync("North staff fr", "+447700900001", language: "fr", zone: "North", groups: ["Staff"]);
        await bed.AddAsync("North staff en", "+447700900002", language: "en", zone: "North", groups: ["Staff"]);
        await bed.AddAsync("East responder fr", "+447700900003", language: "fr-CA", zone: "East", groups: ["Field responders"]);
        await bed.AddAsync("South staff fr", "+447700900004", language: "fr", zone: "South", groups: ["Staff"]);

        var names = await NamesAsync(bed, Rule(groups: ["Staff", "Field responders"], zones: ["North", "East"], languages: ["fr"]));

        Assert.Equal(["East responder fr", "North staff fr"], names);
    }

    [Fact]
    public async Task Groups_zones_and_tags_match_without_regard_to_case()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await bed.AddAsync("A", "+447700900001", zone: "North", groups: ["Staff"], tags: ["First-Aid"]);

        Assert.Equal(["A"], await NamesAsync(bed, Rule(groups: ["staff"], zones: ["NORTH"], tags: ["first-aid"])));
    }

    [Fact]
    public async Task A_regional_language_in_the_rule_matches_only_that_region()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await bed.AddAsync("France", "+447700900001", language: "fr");
        await bed.AddAsync("Quebec", "+447700900002", language: "fr-CA");

        Assert.Equal(["Quebec"], await NamesAsync(bed, Rule(languages: ["fr-CA"])));
        Assert.Equal(["France", "Quebec"], await NamesAsync(bed, Rule(languages: ["fr"])));
    }

    [Fact]
    public async Task Stored_segments_resolve_by_id_and_a_deleted_one_selects_nobody()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await bed.AddAsync("Staff", "+447700900001", groups: ["Staff"]);
        var saved = await bed.Segments.SaveAsync(null, new SegmentInput { Name = "Staff", Groups = ["Staff"] }, ContactsTestBed.Operator);
        var gone = await bed.Segments.SaveAsync(null, new SegmentInput { Name = "Gone" }, ContactsTestBed.Operator);
        await bed.Segments.DeleteAsync(gone.Segment!.Id, ContactsTestBed.Operator);

        await using var db = bed.Db();
        Assert.Equal(1, await (await SegmentResolver.ContactIdsAsync(db, [saved.Segment!.Id, gone.Segment.Id])).CountAsync());
        Assert.Equal(0, await (await SegmentResolver.ContactIdsAsync(db, [gone.Segment.Id])).CountAsync());
        Assert.Equal(0, await (await SegmentResolver.ContactIdsAsync(db, [])).CountAsync());
    }
}
