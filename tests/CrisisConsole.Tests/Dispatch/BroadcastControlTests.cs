using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Dispatch;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Dispatch;

/// <summary>Pause, resume, cancel and the scheduled start, with sends held in flight by the fake gateway.</summary>
public sealed class BroadcastControlTests(FakeGatewayApp fixture) : IClassFixture<FakeGatewayApp>
{
    private static readonly AuditActor Operator = new("user:operator", "Operator One");

    private DispatchData Data => fixture.Data;
    private FakeGateways Gateways => fixture.Gateways;
    private BroadcastControlService Control => fixture.App.Get<BroadcastControlService>();

    [Fact]
    public async Task Pause_holds_the_remaining_sends_and_resume_sends_each_of_them_once()
    {
        var (id, phones, release) = await HeldBroadcastAsync(40);
        await DispatchApp.WaitUntilAsync(() => CallsTo(phones) == 32, "32 sends are in flight");

        var paused = await Control.PauseAsync(id, Operator);
        release.SetResult();

        Assert.Equal(BroadcastState.Paused, paused!.State);
        await Data.WaitUntilAsync(id, ds => ds.All(d => d.ClaimedAt == null), "nothing is claimed any more");
        await TwoPassesAsync();
        Assert.Equal(32, CallsTo(phones));
        var held = await Data.DeliveriesAsync(id);
        Assert.Equal(8, held.Count(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt != null));
        Assert.Equal(BroadcastState.Paused, (await Data.BroadcastAsync(id)).State);

        await Control.ResumeAsync(id, Operator);

        await Data.WaitForStateAsync(id, BroadcastState.Completed);
        Assert.All(await Data.DeliveriesAsync(id), d => Assert.Single(Gateways.Sms.CallsFor(d.Id)));
        var audit = await Data.AuditAsync(id);
        Assert.Equal([AuditActions.BroadcastSending, AuditActions.BroadcastPaused, AuditActions.BroadcastResumed, AuditActions.BroadcastCompleted],
            audit.Select(a => a.Action));
        Assert.Equal("Operator One", audit[1].ActorName);
    }

    [Fact]
    public async Task Cancel_stops_every_message_not_yet_sent()
    {
        var (id, phones, release) = await HeldBroadcastAsync(500);
        await DispatchApp.WaitUntilAsync(() => CallsTo(phones) == 32, "32 sends are in flight");

        var cancelled = await Control.CancelAsync(id, Operator);
        release.SetResult();

        Assert.Equal(BroadcastState.Cancelled, cancelled!.State);
        Assert.True(cancelled.StoppedDeliveries > 0, "Some deliveries were not even claimed yet.");
        await Data.WaitUntilSettledAsync(id);
        var deliveries = await Data.DeliveriesAsync(id);
        // What was in flight went out and is recorded; everything else is cancelled and was never sent.
        Assert.Equal(32, CallsTo(phones));
        Assert.Equal(32, deliveries.Count(d => d.ProviderMessageId != null));
        Assert.All(deliveries.Where(d => d.ProviderMessageId == null), d => Assert.Equal((DeliveryStatus.Failed, "cancelled"), (d.Status, d.ErrorCode)));
        var broadcast = await Data.BroadcastAsync(id);
        Assert.Equal(BroadcastState.Cancelled, broadcast.State);
        Assert.NotNull(broadcast.CancelledAt);
        Assert.Contains(await Data.AuditAsync(id), a => a.Action == AuditActions.BroadcastCancelled && a.ActorId == Operator.Id);
        await using var db = fixture.App.Db();
        var counted = await db.Set<BroadcastStatusCount>().Where(c => c.BroadcastId == id && c.Status == DeliveryStatus.Failed).SumAsync(c => c.Count);
        Assert.True(counted >= cancelled.StoppedDeliveries, "The counts per status were rebuilt with the cancelled rows.");
    }

    [Fact]
    public async Task A_scheduled_broadcast_waits_for_its_time_and_then_starts_by_itself()
    {
        var template = await Data.TemplateAsync();
        var contacts = await Data.ContactsAsync(3);
        var id = await Data.BroadcastAsync(template, contacts, scheduledFor: Data.Now + TimeSpan.FromHours(1));

        await TwoPassesAsync();
        Assert.Equal(BroadcastState.Approved, (await Data.BroadcastAsync(id)).State);
        Assert.Equal(0, CallsTo(contacts.Select(c => c.Phone).ToHashSet()));

        fixture.Clock.Advance(TimeSpan.FromHours(1));

        await Data.WaitForStateAsync(id, BroadcastState.Completed);
        var started = Assert.Single(await Data.AuditAsync(id), a => a.Action == AuditActions.BroadcastSending);
        Assert.Equal(AuditActor.System.Id, started.ActorId);
        Assert.Contains("scheduled for", started.Details);
        Assert.Equal(3, CallsTo(contacts.Select(c => c.Phone).ToHashSet()));
    }

    [Fact]
    public async Task A_broadcast_that_is_not_sending_cannot_be_paused()
    {
        var template = await Data.TemplateAsync();
        var id = await Data.BroadcastAsync(template, await Data.ContactsAsync(1), scheduledFor: Data.Now + TimeSpan.FromDays(1));

        var refusal = await Assert.ThrowsAsync<BroadcastRuleException>(() => Control.PauseAsync(id, Operator));

        Assert.Equal(BroadcastRuleViolation.WrongState, refusal.Violation);
        Assert.Null(await Control.PauseAsync(int.MaxValue, Operator));
        Assert.Equal(BroadcastState.Cancelled, (await Control.CancelAsync(id, Operator))!.State);
        await Assert.ThrowsAsync<BroadcastRuleException>(() => Control.ResumeAsync(id, Operator));
    }

    [Fact]
    public async Task Control_changes_are_announced_to_live_pages()
    {
        var template = await Data.TemplateAsync();
        var id = await Data.BroadcastAsync(template, await Data.ContactsAsync(1), scheduledFor: Data.Now + TimeSpan.FromDays(1));
        var heard = new List<BroadcastStateChanged>();
        using var subscription = fixture.App.Get<Web.Features.Live.LiveEventHub>().Subscribe<BroadcastStateChanged>(e =>
        {
            lock (heard)
            {
                heard.Add(e);
            }
        });

        await Control.CancelAsync(id, Operator);

        lock (heard)
        {
            Assert.Contains(new BroadcastStateChanged(id, BroadcastState.Cancelled), heard);
        }
    }

    private async Task<(int Id, HashSet<string> Phones, TaskCompletionSource Release)> HeldBroadcastAsync(int recipients)
    {
        var template = await Data.TemplateAsync();
        var contacts = await Data.ContactsAsync(recipients);
        var phones = contacts.Select(c => c.Phone).ToHashSet();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Gateways.Sms.BeforeAnswer = message => phones.Contains(message.To) ? release.Task : Task.CompletedTask;
        var id = await Data.BroadcastAsync(template, contacts);
        return (id, phones, release);
    }

    private int CallsTo(HashSet<string> phones) => Gateways.Sms.Calls.Count(c => phones.Contains(c.Message.To));

    /// <summary>Waits until the messaging service's loop has gone round twice, so one whole pass ran after now.</summary>
    private async Task TwoPassesAsync()
    {
        var status = fixture.App.Get<MessagingServiceStatus>();
        for (var i = 0; i < 2; i++)
        {
            var before = status.LastHeartbeat;
            await DispatchApp.WaitUntilAsync(() => status.LastHeartbeat != before, "the messaging service goes round");
        }
    }
}
