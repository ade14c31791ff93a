using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Broadcasts;

/// <summary>Approving freezes the recipients into deliveries, all or nothing; the author never decides.</summary>
public sealed class BroadcastApprovalTests(BroadcastFactory factory) : IClassFixture<BroadcastFactory>
{
    private readonly BroadcastWorld world = new(factory);

    private async Task<(Web.Features.Broadcasts.Broadcast Broadcast, string Group)> PendingAsync(ChannelPolicy policy = ChannelPolicy.WhatsAppThenSms,
        DateTimeOffset? scheduledFor = null)
    {
        var group = BroadcastWorld.NewGroup();
        await world.AddContactsAsync(3, group, language: "en");
        await world.AddContactsAsync(2, group, language: "fr", whatsApp: false);
        await world.AddContactAsync(group, ConsentStatus.OptedOut);
        await world.AddContactAsync(group, phone: BroadcastWorld.NextInvalidPhone());
        var input = BroadcastWorld.Input(await world.AddTemplateAsync(), [await world.AddSegmentAsync(group)], policy);
        input.ScheduledFor = scheduledFor;
        return (await world.SubmitAsync(input), group);
    }

    private async Task<List<Delivery>> DeliveriesOfAsync(int broadcastId)
    {
        await using var db = world.Db();
        return await db.Set<Delivery>().AsNoTracking().Where(d => d.BroadcastId == broadcastId).OrderBy(d => d.Id).ToListAsync();
    }

    [Fact]
    public async Task Approval_writes_one_pending_delivery_per_recipient_with_channel_provider_and_language()
    {
        var (pending, group) = await PendingAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var approved = await world.Approvals.ApproveAsync(pending.Id, BroadcastWorld.Bob, "Go");

        Assert.Equal(BroadcastState.Approved, approved!.State);
        Assert.Equal(5, approved.RecipientCount);
        Assert.Equal("user:bob-id", approved.DecidedById);
        Assert.Equal("Go", approved.DecisionComment);
        var deliveries = await DeliveriesOfAsync(pending.Id);
        Assert.Equal(5, deliveries.Count);
        Assert.Equal(5, deliveries.Select(d => d.ContactId).Distinct().Count());
        Assert.All(deliveries, d =>
        {
            Assert.Equal(DeliveryStatus.Pending, d.Status);
            Assert.Equal(0, d.StatusRank);
            Assert.Equal(0, d.AttemptCount);
            Assert.Null(d.ProviderMessageId);
            Assert.InRange(d.NextAttemptAt!.Value, before, DateTimeOffset.UtcNow.AddSeconds(1));
            Assert.StartsWith("+4477", d.ToAddress);
        });
        var english = deliveries.Where(d => d.Language == "en").ToList();
        var french = deliveries.Where(d => d.Language == "fr").ToList();
        Assert.Equal(3, english.Count);
        Assert.All(english, d => Assert.Equal((MessageChannel.WhatsApp, GatewayProvider.MetaWhatsApp), (d.Channel, d.Provider)));
        Assert.Equal(2, french.Count);
        Assert.All(french, d => Assert.Equal((MessageChannel.Sms, GatewayProvider.TwilioSms), (d.Channel, d.Provider)));
        await using var db = world.Db();
        var phones = await db.Set<Contact>().Where(c => c.Name.Contains(group)).ToDictionaryAsync(c => c.Id, c => c.Phone);
        Assert.All(deliveries, d => Assert.Equal(phones[d.ContactId!.Value], d.ToAddress));
    }

    [Fact]
    public async Task Approval_rebuilds_the_status_counts_and_matches_the_preview()
    {
        var (pending, _) = await PendingAsync();
        var preview = await world.Previews.PreviewAsync(pending.Id);

        await world.Approvals.ApproveAsync(pending.Id, BroadcastWorld.Bob, null);

        await using var db = world.Db();
        var counts = await db.Set<BroadcastStatusCount>().AsNoTracking().Where(c => c.BroadcastId == pending.Id).ToListAsync();
        Assert.Equal(2, counts.Count);
        Assert.Equal(3, counts.Single(c => c.Channel == MessageChannel.WhatsApp && c.Status == DeliveryStatus.Pending).Count);
        Assert.Equal(2, counts.Single(c => c.Channel == MessageChannel.Sms && c.Status == DeliveryStatus.Pending).Count);
        Assert.Equal((preview!.WhatsAppRecipients, preview.SmsRecipients), (3, 2));
    }

    [Fact]
    public async Task Approval_writes_exactly_whom_the_preview_counted_across_default_and_widened_segments()
    {
        var a = BroadcastWorld.NewGroup();
        var b = BroadcastWorld.NewGroup();
        await world.AddContactsAsync(2, a);
        await world.AddContactsAsync(2, a, ConsentStatus.Unknown);
        await world.AddContactsAsync(2, a, ConsentStatus.Unknown, extraGroup: b);
        await world.AddContactsAsync(1, a, ConsentStatus.OptedOut, extraGroup: b);
        await world.AddContactsAsync(2, b, ConsentStatus.Unknown, whatsApp: false);
        await world.AddContactsAsync(1, b, phone: BroadcastWorld.NextInvalidPhone());
        var input = BroadcastWorld.Input(await world.AddTemplateAsync(), [await world.AddSegmentAsync(a), await world.AddSegmentAsync(b, includeWithoutOptIn: true)]);
        var pending = await world.SubmitAsync(input);
        var preview = (await world.Previews.PreviewAsync(pending.Id))!;

        var approved = await world.Approvals.ApproveAsync(pending.Id, BroadcastWorld.Bob, null);

        // 2 opted in, 2 unknown in both (B is widened), 2 unknown in B only; not the 2 unknown in A only, the opted out or the bad number.
        Assert.Equal(6, preview.Recipients);
        Assert.Equal((2, 1, 1), (preview.ExcludedFor(RecipientExclusion.NoConsent), preview.ExcludedFor(RecipientExclusion.OptedOut),
            preview.ExcludedFor(RecipientExclusion.NoValidNumber)));
        Assert.Equal(preview.Recipients, approved!.RecipientCount);
        var deliveries = await DeliveriesOfAsync(pending.Id);
        Assert.Equal(preview.WhatsAppRecipients, deliveries.Count(d => d.Channel == MessageChannel.WhatsApp));
        Assert.Equal(preview.SmsRecipients, deliveries.Count(d => d.Channel == MessageChannel.Sms));
    }

    [Theory]
    [InlineData(ChannelPolicy.SmsOnly, 5, 0)]
    [InlineData(ChannelPolicy.WhatsAppOnly, 0, 3)]
    public async Task The_channel_policy_decides_the_channel_of_each_delivery(ChannelPolicy policy, int sms, int whatsApp)
    {
        var (pending, _) = await PendingAsync(policy);

        await world.Approvals.ApproveAsync(pending.Id, BroadcastWorld.Bob, null);

        var deliveries = await DeliveriesOfAsync(pending.Id);
        Assert.Equal(sms, deliveries.Count(d => d.Channel == MessageChannel.Sms && d.Provider == GatewayProvider.TwilioSms));
        Assert.Equal(whatsApp, deliveries.Count(d => d.Channel == MessageChannel.WhatsApp && d.Provider == GatewayProvider.MetaWhatsApp));
        Assert.Equal(sms + whatsApp, deliveries.Count);
    }

    [Fact]
    public async Task A_contact_who_opted_out_after_submission_gets_no_delivery()
    {
        var (pending, group) = await PendingAsync();
        await using (var db = world.Db())
        {
            var contact = await db.Set<Contact>().FirstAsync(c => c.Name.Contains(group) && c.Language == "en");
            await factory.Services.GetRequiredService<ContactService>().ChangeConsentAsync(contact.Id, ConsentStatus.OptedOut, "inbound STOP", AuditActor.System);
        }

        var approved = await world.Approvals.ApproveAsync(pending.Id, BroadcastWorld.Bob, null);

        Assert.Equal(4, approved!.RecipientCount);
        Assert.Equal(4, (await DeliveriesOfAsync(pending.Id)).Count);
    }

    [Fact]
    public async Task A_broadcast_whose_recipients_all_opted_out_meanwhile_is_approved_as_completed()
    {
        var (pending, group) = await PendingAsync();
        await using (var db = world.Db())
        {
            await db.Set<Contact>().Where(c => c.Name.Contains(group))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Consent, ConsentStatus.OptedOut));
        }

        var approved = await world.Approvals.ApproveAsync(pending.Id, BroadcastWorld.Bob, null);

        Assert.Equal(BroadcastState.Completed, approved!.State);
        Assert.Equal(0, approved.RecipientCount);
        Assert.NotNull(approved.CompletedAt);
        Assert.Empty(await DeliveriesOfAsync(pending.Id));
    }

    [Fact]
    public async Task A_scheduled_broadcast_waits_for_its_time()
    {
        var at = DateTimeOffset.UtcNow.AddHours(3);
        var (pending, _) = await PendingAsync(scheduledFor: at);

        await world.Approvals.ApproveAsync(pending.Id, BroadcastWorld.Bob, null);

        Assert.All(await DeliveriesOfAsync(pending.Id), d => Assert.Equal(at.ToUnixTimeMilliseconds(), d.NextAttemptAt!.Value.ToUnixTimeMilliseconds()));
    }

    [Fact]
    public async Task Approval_is_all_or_nothing_when_a_step_fails()
    {
        var (pending, _) = await PendingAsync();
        factory.Faults.FailWhen = sql => sql.Contains("INSERT INTO BroadcastStatusCounts", StringComparison.Ordinal);

        await Assert.ThrowsAsync<InvalidOperationException>(() => world.Approvals.ApproveAsync(pending.Id, BroadcastWorld.Bob, null));

        Assert.Null(factory.Faults.FailWhen);
        Assert.Empty(await DeliveriesOfAsync(pending.Id));
        var stored = await world.Drafts.GetAsync(pending.Id);
        Assert.Equal(BroadcastState.PendingApproval, stored!.State);
        Assert.Equal(0, stored.RecipientCount);
        Assert.DoesNotContain(await world.AuditOfAsync(pending.Id), a => a.Action == AuditActions.BroadcastApproved);

        // Nothing was left half-done: approving again works.
        var approved = await world.Approvals.ApproveAsync(pending.Id, BroadcastWorld.Bob, null);
        Assert.Equal(5, approved!.RecipientCount);
    }

    [Fact]
    public async Task The_author_cannot_approve_and_the_attempt_is_audited()
    {
        var (pending, _) = await PendingAsync();

        var refused = await Assert.ThrowsAsync<BroadcastRuleException>(() => world.Approvals.ApproveAsync(pending.Id, BroadcastWorld.Alice, null));

        Assert.Equal(BroadcastRuleViolation.OwnBroadcast, refused.Violation);
        Assert.Equal(BroadcastState.PendingApproval, (await world.Drafts.GetAsync(pending.Id))!.State);
        Assert.Empty(await DeliveriesOfAsync(pending.Id));
        var attempt = Assert.Single(await world.AuditOfAsync(pending.Id), a => a.Action == AuditActions.BroadcastApprovalRefused);
        Assert.Equal("alice-id", attempt.ActorId);
    }

    [Fact]
    public async Task The_author_cannot_reject_either()
    {
        var (pending, _) = await PendingAsync();

        var refused = await Assert.ThrowsAsync<BroadcastRuleException>(() => world.Approvals.RejectAsync(pending.Id, BroadcastWorld.Alice, "no"));

        Assert.Equal(BroadcastRuleViolation.OwnBroadcast, refused.Violation);
        Assert.Single(await world.AuditOfAsync(pending.Id), a => a.Action == AuditActions.BroadcastApprovalRefused);
    }

    [Fact]
    public async Task A_decided_broadcast_cannot_be_decided_again()
    {
        var (pending, _) = await PendingAsync();
        await world.Approvals.ApproveAsync(pending.Id, BroadcastWorld.Bob, null);

        var again = await Assert.ThrowsAsync<BroadcastRuleException>(() => world.Approvals.ApproveAsync(pending.Id, new AuditActor("carol-id", "carol"), null));
        var reject = await Assert.ThrowsAsync<BroadcastRuleException>(() => world.Approvals.RejectAsync(pending.Id, BroadcastWorld.Bob, null));

        Assert.Equal(BroadcastRuleViolation.WrongState, again.Violation);
        Assert.Equal(BroadcastRuleViolation.WrongState, reject.Violation);
        Assert.Equal(5, (await DeliveriesOfAsync(pending.Id)).Count);
    }

    [Fact]
    public async Task An_unknown_broadcast_is_null()
    {
        Assert.Null(await world.Approvals.ApproveAsync(999_999, BroadcastWorld.Bob, null));
        Assert.Null(await world.Approvals.RejectAsync(999_999, BroadcastWorld.Bob, null));
    }

    [Fact]
    public async Task Rejection_keeps_the_comment_writes_no_delivery_and_is_audited()
    {
        var (pending, _) = await PendingAsync();

        var rejected = await world.Approvals.RejectAsync(pending.Id, BroadcastWorld.Bob, "  Wrong zone  ");

        Assert.Equal(BroadcastState.Rejected, rejected!.State);
        Assert.Equal("Wrong zone", rejected.DecisionComment);
        Assert.Empty(await DeliveriesOfAsync(pending.Id));
        var entry = Assert.Single(await world.AuditOfAsync(pending.Id), a => a.Action == AuditActions.BroadcastRejected);
        Assert.Contains("Wrong zone", entry.Details);
    }

    [Fact]
    public async Task The_queue_lists_pending_broadcasts_and_every_change_is_published()
    {
        var hub = factory.Services.GetRequiredService<LiveEventHub>();
        var events = new List<ApprovalQueueChanged>();
        using var subscription = hub.Subscribe<ApprovalQueueChanged>(e => { lock (events) { events.Add(e); } });

        var (first, _) = await PendingAsync();
        var (second, _) = await PendingAsync();
        var queue = await world.Approvals.PendingAsync();
        var count = await world.Approvals.PendingCountAsync();
        await world.Approvals.ApproveAsync(first.Id, BroadcastWorld.Bob, null);
        await world.Approvals.RejectAsync(second.Id, BroadcastWorld.Bob, null);

        Assert.Contains(queue, p => p.Id == first.Id && p.CreatedByName == "alice@test.local" && p.Segments.Count == 1);
        Assert.Contains(queue, p => p.Id == second.Id);
        Assert.True(count >= 2);
        Assert.DoesNotContain(await world.Approvals.PendingAsync(), p => p.Id == first.Id || p.Id == second.Id);
        lock (events)
        {
            Assert.Contains(new ApprovalQueueChanged(first.Id, BroadcastState.PendingApproval), events);
            Assert.Contains(new ApprovalQueueChanged(first.Id, BroadcastState.Approved), events);
            Assert.Contains(new ApprovalQueueChanged(second.Id, BroadcastState.Rejected), events);
        }
    }
}
