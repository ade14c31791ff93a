using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Broadcasts;

/// <summary>Drafts are saved, edited by their author only, audited, and submitted only when complete.</summary>
public sealed class BroadcastDraftTests(BroadcastFactory factory) : IClassFixture<BroadcastFactory>
{
    private readonly BroadcastWorld world = new(factory);

    private async Task<BroadcastInput> InputAsync(int people = 2)
    {
        var group = BroadcastWorld.NewGroup();
        await world.AddContactsAsync(people, group);
        return BroadcastWorld.Input(await world.AddTemplateAsync(), [await world.AddSegmentAsync(group)]);
    }

    [Fact]
    public async Task An_incomplete_draft_can_be_saved_and_is_audited_as_created()
    {
        var input = await InputAsync();
        input.Variables.Clear();
        input.SegmentIds = [];

        var result = await world.Drafts.SaveDraftAsync(null, input, BroadcastWorld.Alice);

        Assert.True(result.Succeeded);
        var draft = result.Broadcast!;
        Assert.Equal(BroadcastState.Draft, draft.State);
        Assert.Equal("user:alice-id", draft.CreatedById);
        Assert.Equal("alice@test.local", draft.CreatedByName);
        var created = Assert.Single(await world.AuditOfAsync(draft.Id));
        Assert.Equal(AuditActions.BroadcastCreated, created.Action);
    }

    [Fact]
    public async Task A_draft_needs_a_template()
    {
        var input = await InputAsync();
        input.TemplateId = null;

        var result = await world.Drafts.SaveDraftAsync(null, input, BroadcastWorld.Alice);

        Assert.False(result.Succeeded);
        Assert.Equal("Choose a template.", result.Errors[BroadcastFields.Template]);
    }

    [Fact]
    public async Task Editing_a_draft_audits_which_fields_changed_without_the_values()
    {
        var input = await InputAsync();
        var draft = (await world.Drafts.SaveDraftAsync(null, input, BroadcastWorld.Alice)).Broadcast!;
        input.Variables["event"] = "Earthquake";
        input.ChannelPolicy = ChannelPolicy.SmsOnly;

        var saved = await world.Drafts.SaveDraftAsync(draft.Id, input, BroadcastWorld.Alice);
        var unchanged = await world.Drafts.SaveDraftAsync(draft.Id, input, BroadcastWorld.Alice);

        Assert.True(saved.Succeeded && unchanged.Succeeded);
        var update = Assert.Single(await world.AuditOfAsync(draft.Id), a => a.Action == AuditActions.BroadcastUpdated);
        Assert.Contains("variables changed: event", update.Details);
        Assert.Contains("channels", update.Details);
        Assert.DoesNotContain("Earthquake", update.Details);
        Assert.Equal("Earthquake", BroadcastJson.ReadVariables((await world.Drafts.GetAsync(draft.Id))!.VariablesJson)["event"]);
    }

    [Fact]
    public async Task Only_the_author_may_edit_or_submit_a_draft()
    {
        var input = await InputAsync();
        var draft = (await world.Drafts.SaveDraftAsync(null, input, BroadcastWorld.Alice)).Broadcast!;

        var edit = await world.Drafts.SaveDraftAsync(draft.Id, input, BroadcastWorld.Bob);
        var submit = await world.Drafts.SubmitAsync(draft.Id, input, BroadcastWorld.Bob);

        Assert.Contains("Only its author", edit.Errors[BroadcastFields.Form]);
        Assert.Contains("Only its author", submit.Errors[BroadcastFields.Form]);
        Assert.Equal(BroadcastState.Draft, (await world.Drafts.GetAsync(draft.Id))!.State);
    }

    [Fact]
    public async Task Submitting_needs_every_variable_and_a_segment()
    {
        var input = await InputAsync();
        input.Variables.Remove("event");
        input.SegmentIds = [];

        var result = await world.Drafts.SubmitAsync(null, input, BroadcastWorld.Alice);

        Assert.False(result.Succeeded);
        Assert.Equal("Fill in event.", result.Errors[BroadcastFields.Variable("event")]);
        Assert.Equal("Choose at least one segment.", result.Errors[BroadcastFields.Segments]);
        Assert.False(result.Errors.ContainsKey(BroadcastFields.Variable("org")));
    }

    [Fact]
    public async Task Submitting_to_nobody_is_refused_with_the_reasons()
    {
        var group = BroadcastWorld.NewGroup();
        await world.AddContactsAsync(2, group, ConsentStatus.OptedOut);
        var input = BroadcastWorld.Input(await world.AddTemplateAsync(), [await world.AddSegmentAsync(group)]);

        var result = await world.Drafts.SubmitAsync(null, input, BroadcastWorld.Alice);

        Assert.False(result.Succeeded);
        Assert.Equal("No one would receive this broadcast: everyone selected is excluded (opted out: 2).", result.Errors[BroadcastFields.Segments]);
    }

    [Fact]
    public async Task Submitting_a_draft_makes_it_pending_with_the_preview_count_and_audits_it()
    {
        var input = await InputAsync(people: 3);
        var draft = (await world.Drafts.SaveDraftAsync(null, input, BroadcastWorld.Alice)).Broadcast!;

        var result = await world.Drafts.SubmitAsync(draft.Id, input, BroadcastWorld.Alice);

        Assert.True(result.Succeeded);
        Assert.Equal(3, result.Recipients);
        var stored = (await world.Drafts.GetAsync(draft.Id))!;
        Assert.Equal(BroadcastState.PendingApproval, stored.State);
        Assert.NotNull(stored.SubmittedAt);
        Assert.Equal([AuditActions.BroadcastCreated, AuditActions.BroadcastSubmitted], (await world.AuditOfAsync(draft.Id)).Select(a => a.Action));
        var edit = await world.Drafts.SaveDraftAsync(draft.Id, input, BroadcastWorld.Alice);
        Assert.Contains("can no longer be edited", edit.Errors[BroadcastFields.Form]);
    }

    [Fact]
    public async Task A_rejected_broadcast_is_reopened_as_a_draft_when_its_author_edits_it()
    {
        var input = await InputAsync();
        var pending = await world.SubmitAsync(input);
        await world.Approvals.RejectAsync(pending.Id, BroadcastWorld.Bob, "Wrong event");
        input.Variables["event"] = "Storm";

        var result = await world.Drafts.SaveDraftAsync(pending.Id, input, BroadcastWorld.Alice);

        Assert.Equal(BroadcastState.Draft, result.Broadcast!.State);
        Assert.Contains(await world.AuditOfAsync(pending.Id), a => a.Action == AuditActions.BroadcastReopened);
        var resubmitted = await world.Drafts.SubmitAsync(pending.Id, input, BroadcastWorld.Alice);
        Assert.Equal(BroadcastState.PendingApproval, resubmitted.Broadcast!.State);
    }

    [Fact]
    public async Task The_author_can_discard_a_draft()
    {
        var input = await InputAsync();
        var draft = (await world.Drafts.SaveDraftAsync(null, input, BroadcastWorld.Alice)).Broadcast!;

        var byBob = await world.Drafts.DiscardAsync(draft.Id, BroadcastWorld.Bob);
        var byAlice = await world.Drafts.DiscardAsync(draft.Id, BroadcastWorld.Alice);

        Assert.False(byBob.Succeeded);
        Assert.Equal(BroadcastState.Cancelled, byAlice.Broadcast!.State);
        Assert.Contains(await world.AuditOfAsync(draft.Id), a => a.Action == AuditActions.BroadcastCancelled);
    }

    [Fact]
    public async Task A_retired_template_or_a_deleted_segment_cannot_be_used()
    {
        var input = await InputAsync();
        await using (var db = world.Db())
        {
            await db.Set<Web.Features.Templates.MessageTemplate>().Where(t => t.Id == input.TemplateId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.IsRetired, true));
            var segment = await db.Set<Web.Features.Segments.Segment>().SingleAsync(s => s.Id == input.SegmentIds.Single());
            segment.DeletedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        var result = await world.Drafts.SubmitAsync(null, input, BroadcastWorld.Alice);

        Assert.Contains("retired", result.Errors[BroadcastFields.Template]);
        Assert.Contains("no longer exists", result.Errors[BroadcastFields.Segments]);
    }

    [Theory]
    [InlineData(0, "SmsFallbackAfterMinutes")]
    [InlineData(1441, "SmsFallbackAfterMinutes")]
    public async Task The_sms_fallback_delay_must_be_sensible(int minutes, string field)
    {
        var input = await InputAsync();
        input.SmsFallbackAfterMinutes = minutes;

        var result = await world.Drafts.SaveDraftAsync(null, input, BroadcastWorld.Alice);

        Assert.True(result.Errors.ContainsKey(field));
    }

    [Fact]
    public async Task A_schedule_in_the_past_is_refused()
    {
        var input = await InputAsync();
        input.ScheduledFor = DateTimeOffset.UtcNow.AddHours(-1);

        var result = await world.Drafts.SubmitAsync(null, input, BroadcastWorld.Alice);

        Assert.Contains("has passed", result.Errors[BroadcastFields.ScheduledFor]);
    }
}
