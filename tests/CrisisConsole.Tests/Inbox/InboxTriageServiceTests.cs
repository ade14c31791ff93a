using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Inbox;
using CrisisConsole.Web.Features.Inbox.Triage;
using CrisisConsole.Web.Features.Live;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Inbox;

/// <summary>Responders assign, annotate and move inbox items; every change is audited and two responders never overwrite each other.</summary>
public sealed class InboxTriageServiceTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private readonly InboxWorld world = new(factory);

    private InboxTriageService Triage => world.Get<InboxTriageService>();

    [Fact]
    public async Task Assigning_a_new_item_to_me_puts_it_in_progress_and_is_audited()
    {
        var rita = await world.AddUserAsync("Rita Responder", Roles.Responder);
        var item = await world.AddItemAsync(InboxWorld.NewZone(), InboundClassification.NeedsHelp);

        var result = await Triage.AssignAsync(item.Id, item.TriageVersion, rita.Id, rita);

        Assert.True(result.Succeeded, result.Error);
        var stored = await world.ItemAsync(item.Id);
        Assert.Equal((rita.Id, "Rita Responder", TriageState.InProgress), (stored.AssignedToUserId, stored.AssignedToName, stored.TriageState));
        Assert.Equal(result.Version, stored.TriageVersion);
        Assert.NotEqual(item.TriageVersion, stored.TriageVersion);
        Assert.NotNull(stored.TriageChangedAt);
        var entry = Assert.Single(await world.AuditOfAsync(item.Id));
        Assert.Equal((AuditActions.InboxItemAssigned, rita.Id), (entry.Action, entry.ActorId));
        Assert.Equal("Assigned to Rita Responder; new → in progress", entry.Details);
    }

    [Fact]
    public async Task An_item_can_be_assigned_to_another_responder_but_not_to_an_operator()
    {
        var sam = await world.AddUserAsync("Sam Supervisor", Roles.Supervisor);
        var rami = await world.AddUserAsync("Rami Responder", Roles.Responder);
        var omar = await world.AddUserAsync("Omar Operator", Roles.Operator);
        var item = await world.AddItemAsync(InboxWorld.NewZone(), InboundClassification.Question);

        var refused = await Triage.AssignAsync(item.Id, item.TriageVersion, omar.Id, sam);
        var assigned = await Triage.AssignAsync(item.Id, item.TriageVersion, rami.Id, sam);

        Assert.False(refused.Succeeded);
        Assert.Contains("Responder, Supervisor or Admin", refused.Error);
        Assert.True(assigned.Succeeded, assigned.Error);
        Assert.Equal(rami.Id, (await world.ItemAsync(item.Id)).AssignedToUserId);
        var assignees = await Triage.AssigneesAsync();
        Assert.Contains(assignees, a => a.UserId == rami.Id && a.Name == "Rami Responder");
        Assert.Contains(assignees, a => a.UserId == sam.Id);
        Assert.DoesNotContain(assignees, a => a.UserId == omar.Id);
    }

    [Fact]
    public async Task A_change_made_on_what_someone_else_already_changed_is_refused_and_changes_nothing()
    {
        var rita = await world.AddUserAsync("Rita Responder", Roles.Responder);
        var rami = await world.AddUserAsync("Rami Responder", Roles.Responder);
        var item = await world.AddItemAsync(InboxWorld.NewZone(), InboundClassification.NeedsHelp);
        Assert.True((await Triage.AssignAsync(item.Id, item.TriageVersion, rita.Id, rita)).Succeeded);

        // Rami still looks at the version from before Rita took it.
        var assign = await Triage.AssignAsync(item.Id, item.TriageVersion, rami.Id, rami);
        var resolve = await Triage.MoveAsync(item.Id, item.TriageVersion, TriageState.Resolved, rami);

        Assert.True(assign.Conflict);
        Assert.True(resolve.Conflict);
        Assert.Equal(InboxTriageResult.ConflictMessage, assign.Error);
        var stored = await world.ItemAsync(item.Id);
        Assert.Equal((rita.Id, TriageState.InProgress), (stored.AssignedToUserId, stored.TriageState));
        Assert.Single(await world.AuditOfAsync(item.Id));
    }

    [Fact]
    public async Task Resolving_and_reopening_an_item_are_audited_with_the_states()
    {
        var rita = await world.AddUserAsync("Rita Responder", Roles.Responder);
        var item = await world.AddItemAsync(InboxWorld.NewZone(), InboundClassification.Other);

        var started = await Triage.MoveAsync(item.Id, item.TriageVersion, TriageState.InProgress, rita);
        var resolved = await Triage.MoveAsync(item.Id, started.Version!.Value, TriageState.Resolved, rita);
        var resolvedAt = (await world.ItemAsync(item.Id)).ResolvedAt;
        var again = await Triage.MoveAsync(item.Id, resolved.Version!.Value, TriageState.Resolved, rita);
        var reopened = await Triage.MoveAsync(item.Id, resolved.Version!.Value, TriageState.InProgress, rita);

        Assert.True(started.Succeeded && resolved.Succeeded && reopened.Succeeded);
        Assert.NotNull(resolvedAt);
        Assert.False(again.Succeeded);
        Assert.False(again.Conflict);
        var stored = await world.ItemAsync(item.Id);
        Assert.Equal(TriageState.InProgress, stored.TriageState);
        Assert.Null(stored.ResolvedAt);
        Assert.Equal(
            ["new → in progress", "in progress → resolved", "resolved → in progress (reopened)"],
            (await world.AuditOfAsync(item.Id)).Select(a => a.Details!));
        Assert.All(await world.AuditOfAsync(item.Id), a => Assert.Equal(AuditActions.InboxStateChanged, a.Action));
    }

    [Fact]
    public async Task Unassigning_puts_an_item_in_progress_back_to_new()
    {
        var rita = await world.AddUserAsync("Rita Responder", Roles.Responder);
        var item = await world.AddItemAsync(InboxWorld.NewZone(), InboundClassification.NeedsHelp);
        var assigned = await Triage.AssignAsync(item.Id, item.TriageVersion, rita.Id, rita);

        var result = await Triage.UnassignAsync(item.Id, assigned.Version!.Value, rita);

        Assert.True(result.Succeeded, result.Error);
        var stored = await world.ItemAsync(item.Id);
        Assert.Equal((null, null, TriageState.New), (stored.AssignedToUserId, stored.AssignedToName, stored.TriageState));
        Assert.Equal("Unassigned from Rita Responder; in progress → new", (await world.AuditOfAsync(item.Id))[^1].Details);
    }

    [Fact]
    public async Task A_note_is_kept_and_audited_without_its_text_and_an_empty_or_long_note_is_refused()
    {
        var rita = await world.AddUserAsync("Rita Responder", Roles.Responder);
        var item = await world.AddItemAsync(InboxWorld.NewZone(), InboundClassification.NeedsHelp);

        var empty = await Triage.AddNoteAsync(item.Id, "   ", rita);
        var tooLong = await Triage.AddNoteAsync(item.Id, new string('x', InboxNote.TextMaxLength + 1), rita);
        var added = await Triage.AddNoteAsync(item.Id, "  Called the family; ambulance on its way.  ", rita);

        Assert.Equal("Write the note first.", empty.Error);
        Assert.Contains("at most 4,000 characters", tooLong.Error);
        Assert.True(added.Succeeded, added.Error);
        // A note is not a change of the item: the version others hold stays valid.
        Assert.Equal(item.TriageVersion, added.Version);
        var details = await world.Get<InboxItemQueries>().GetAsync(item.Id);
        var note = Assert.Single(details!.Notes);
        Assert.Equal(("Called the family; ambulance on its way.", rita.Name), (note.Text, note.AuthorName));
        var entry = Assert.Single(await world.AuditOfAsync(item.Id));
        Assert.Equal(AuditActions.InboxNoteAdded, entry.Action);
        Assert.DoesNotContain("ambulance", entry.Details);
    }

    [Fact]
    public async Task A_change_is_announced_live_once_committed_and_a_refused_one_is_not()
    {
        var rita = await world.AddUserAsync("Rita Responder", Roles.Responder);
        var item = await world.AddItemAsync(InboxWorld.NewZone(), InboundClassification.NeedsHelp);
        var seen = new List<InboxItemChanged>();
        using var subscription = world.Get<LiveEventHub>().Subscribe<InboxItemChanged>(e =>
        {
            if (e.InboundMessageId == item.Id)
            {
                lock (seen)
                {
                    seen.Add(e);
                }
            }
        });

        await Triage.MoveAsync(item.Id, Guid.NewGuid(), TriageState.Resolved, rita);
        await Triage.MoveAsync(item.Id, item.TriageVersion, TriageState.Resolved, rita);

        Assert.Equal([new InboxItemChanged(item.Id, InboundClassification.NeedsHelp, TriageState.Resolved)], seen);
    }

    [Fact]
    public async Task A_missing_item_is_answered_with_a_message()
    {
        var rita = await world.AddUserAsync("Rita Responder", Roles.Responder);

        var result = await Triage.MoveAsync(long.MaxValue, Guid.NewGuid(), TriageState.Resolved, rita);

        Assert.Equal("This inbox item no longer exists.", result.Error);
    }
}
