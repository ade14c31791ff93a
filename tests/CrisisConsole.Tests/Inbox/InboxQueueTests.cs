using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Inbox;
using CrisisConsole.Web.Features.Inbox.Triage;

namespace CrisisConsole.Tests.Inbox;

/// <summary>The queue: who needs help first, safe answers out of the way but findable, filters.</summary>
public sealed class InboxQueueTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private readonly InboxWorld world = new(factory);

    private InboxQueries Queue => world.Get<InboxQueries>();

    [Fact]
    public async Task The_open_queue_puts_needs_help_first_then_questions_then_other_newest_first()
    {
        var zone = InboxWorld.NewZone();
        var t = DateTimeOffset.UtcNow.AddHours(-1);
        var other = await world.AddItemAsync(zone, InboundClassification.Other, t);
        var laterHelp = await world.AddItemAsync(zone, InboundClassification.NeedsHelp, t.AddMinutes(5));
        var question = await world.AddItemAsync(zone, InboundClassification.Question, t.AddMinutes(1));
        var firstHelp = await world.AddItemAsync(zone, InboundClassification.NeedsHelp, t.AddMinutes(2));
        await world.AddItemAsync(zone, InboundClassification.Safe, t.AddMinutes(3));

        var page = await Queue.PageAsync(new InboxFilter(Zone: zone), 0, 25);

        Assert.Equal([laterHelp.Id, firstHelp.Id, question.Id, other.Id], page.Rows.Select(r => r.Id));
        Assert.Equal(4, page.Total);
    }

    [Fact]
    public async Task Safe_answers_are_resolved_and_found_with_the_resolved_state_or_the_safe_classification()
    {
        var zone = InboxWorld.NewZone();
        var safe = await world.AddItemAsync(zone, InboundClassification.Safe, text: "أنا بخير");
        await world.AddItemAsync(zone, InboundClassification.NeedsHelp);

        var resolved = await Queue.PageAsync(new InboxFilter(InboxStateFilter.Resolved, Zone: zone), 0, 25);
        var safeOnly = await Queue.PageAsync(new InboxFilter(InboxStateFilter.All, InboundClassification.Safe, Zone: zone), 0, 25);

        Assert.Equal([safe.Id], resolved.Rows.Select(r => r.Id));
        Assert.Equal([safe.Id], safeOnly.Rows.Select(r => r.Id));
        Assert.Equal("أنا بخير", safeOnly.Rows[0].Text);
    }

    [Fact]
    public async Task Pages_and_filters_by_language_and_show_contact_names_or_a_masked_unknown_number()
    {
        var zone = InboxWorld.NewZone();
        var contact = await world.AddContactAsync(zone, "Amira Haddad", "ar");
        var t = DateTimeOffset.UtcNow.AddHours(-1);
        for (var i = 0; i < 3; i++)
        {
            await world.AddItemAsync(zone, InboundClassification.Question, t.AddSeconds(i), contact, language: "ar");
        }

        var unknown = await world.AddItemAsync(zone, InboundClassification.Question, t.AddSeconds(10), language: "fr");

        var second = await Queue.PageAsync(new InboxFilter(Zone: zone, Language: "ar"), 2, 2);
        var french = await Queue.PageAsync(new InboxFilter(Zone: zone, Language: "fr"), 0, 10);

        Assert.Equal(3, second.Total);
        Assert.Equal("Amira Haddad", Assert.Single(second.Rows).SenderLabel);
        var row = Assert.Single(french.Rows);
        Assert.Equal(unknown.Id, row.Id);
        Assert.StartsWith("Unknown sender", row.SenderLabel);
        Assert.DoesNotContain(unknown.FromAddress, row.SenderLabel);
    }

    [Fact]
    public async Task The_badge_counts_new_needs_help_items_only()
    {
        var before = await Queue.NewNeedsHelpCountAsync();
        var zone = InboxWorld.NewZone();
        await world.AddItemAsync(zone, InboundClassification.NeedsHelp);
        await world.AddItemAsync(zone, InboundClassification.Question);
        await world.AddItemAsync(zone, InboundClassification.Safe);

        Assert.Equal(before + 1, await Queue.NewNeedsHelpCountAsync());
    }
}
