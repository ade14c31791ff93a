using CrisisConsole.Tests.Contacts;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Segments;

public sealed class SegmentServiceTests
{
    [Fact]
    public async Task Saving_needs_a_unique_name_and_valid_languages()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        Assert.True((await bed.Segments.SaveAsync(null, new SegmentInput { Name = "North" }, ContactsTestBed.Operator)).Succeeded);

        var duplicate = await bed.Segments.SaveAsync(null, new SegmentInput { Name = "north" }, ContactsTestBed.Operator);

        Assert.Contains("already has this name", duplicate.Errors[nameof(SegmentInput.Name)]);
        var invalid = await bed.Segments.SaveAsync(null, new SegmentInput { Name = "Other", Languages = ["xx"] }, ContactsTestBed.Operator);
        Assert.Contains("unknown", invalid.Errors[nameof(SegmentInput.Languages)]);
    }

    [Fact]
    public async Task The_live_count_and_the_member_pages_agree()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        for (var i = 0; i < 7; i++)
        {
            await bed.AddAsync($"Member {i}", $"+4477009000{i:D2}", groups: ["Staff", "Field responders"]);
        }

        await bed.AddAsync("Not opted in", "+447700900099", ConsentStatus.Unknown, groups: ["Staff"]);
        var rule = new SegmentInput { Groups = ["Staff", "Field responders"] }.ToRule();

        Assert.Equal(7, await bed.Segments.CountAsync(rule));
        var first = await bed.Segments.MembersAsync(rule, 0, 5);
        var second = await bed.Segments.MembersAsync(rule, 5, 5);
        Assert.Equal((7, 5, 2), (first.Total, first.Rows.Count, second.Rows.Count));
        Assert.Empty(first.Rows.Select(r => r.Id).Intersect(second.Rows.Select(r => r.Id)));
        Assert.Equal(8, await bed.Segments.CountAsync(rule with { IncludeWithoutOptIn = true }));
    }

    [Fact]
    public async Task Segment_changes_are_audited()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        var created = await bed.Segments.SaveAsync(null, new SegmentInput { Name = "North", Zones = ["North"] }, ContactsTestBed.Operator);
        await bed.Segments.SaveAsync(created.Segment!.Id, new SegmentInput { Name = "North", Zones = ["North"], IncludeWithoutOptIn = true }, ContactsTestBed.Operator);
        await bed.Segments.DeleteAsync(created.Segment.Id, ContactsTestBed.Operator);

        await using var db = bed.Db();
        var actions = await db.Set<AuditEntry>().OrderBy(e => e.Id).Select(e => e.Action).ToListAsync();
        Assert.Equal([AuditActions.SegmentCreated, AuditActions.SegmentUpdated, AuditActions.SegmentDeleted], actions);
        Assert.Empty(await bed.Segments.ListAsync());
    }
}
