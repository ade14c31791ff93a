using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Tests.Broadcasts;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Dispatch;
using CrisisConsole.Web.Features.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Incidents;

/// <summary>A broadcast under an incident writes its life into the incident's timeline, in the same transaction as each change.</summary>
public sealed class BroadcastTimelineTests(BroadcastFactory factory) : IClassFixture<BroadcastFactory>
{
    private readonly IncidentWorld world = new(factory);

    private BroadcastControlService Controls => factory.Services.GetRequiredService<BroadcastControlService>();

    private async Task<(Incident Incident, Broadcast Broadcast)> PendingUnderIncidentAsync(int recipients = 3)
    {
        var incident = await world.OpenAsync();
        var group = BroadcastWorld.NewGroup();
        await world.Broadcasts.AddContactsAsync(recipients, group);
        var input = BroadcastWorld.Input(await world.Broadcasts.AddTemplateAsync(), [await world.Broadcasts.AddSegmentAsync(group)]);
        return (incident, await world.Broadcasts.SubmitAsync(IncidentWorld.Under(input, incident.Id)));
    }

    [Fact]
    public async Task Drafting_submitting_approving_starting_and_cancelling_are_on_the_timeline_with_who()
    {
        var (incident, broadcast) = await PendingUnderIncidentAsync();
        await world.Broadcasts.Approvals.ApproveAsync(broadcast.Id, BroadcastWorld.Bob, "Go");
        await Controls.StartDueAsync(CancellationToken.None);
        await Controls.CancelAsync(broadcast.Id, BroadcastWorld.Bob);

        var entries = (await world.TimelineAsync(incident.Id)).Where(e => e.BroadcastId == broadcast.Id).ToList();
        Assert.Equal(
            [IncidentTimelineKind.BroadcastCreated, IncidentTimelineKind.BroadcastSubmitted, IncidentTimelineKind.BroadcastApproved,
             IncidentTimelineKind.BroadcastStarted, IncidentTimelineKind.BroadcastCancelled],
            entries.Select(e => e.Kind));
        Assert.Equal([BroadcastWorld.Alice.Name, BroadcastWorld.Alice.Name, BroadcastWorld.Bob.Name, "system", BroadcastWorld.Bob.Name],
            entries.Select(e => e.ActorName));
        Assert.Contains("approved: 3 recipients · comment: Go", entries[2].Text);
        var stored = await world.ReloadAsync(incident.Id);
        Assert.Equal(entries[3].At, stored.LastUpdateSentAt);
    }

    [Fact]
    public async Task A_rejection_is_on_the_timeline_with_the_supervisors_comment()
    {
        var (incident, broadcast) = await PendingUnderIncidentAsync();

        await world.Broadcasts.Approvals.RejectAsync(broadcast.Id, BroadcastWorld.Bob, "Wrong segment");

        var rejected = (await world.TimelineAsync(incident.Id)).Last();
        Assert.Equal(IncidentTimelineKind.BroadcastRejected, rejected.Kind);
        Assert.Equal(broadcast.Id, rejected.BroadcastId);
        Assert.EndsWith("rejected: Wrong segment", rejected.Text);
    }

    [Fact]
    public async Task A_broadcast_approved_for_nobody_is_approved_and_completed_on_the_timeline()
    {
        var incident = await world.OpenAsync();
        var group = BroadcastWorld.NewGroup();
        var person = (await world.Broadcasts.AddContactsAsync(1, group))[0];
        var input = BroadcastWorld.Input(await world.Broadcasts.AddTemplateAsync(), [await world.Broadcasts.AddSegmentAsync(group)]);
        var broadcast = await world.Broadcasts.SubmitAsync(IncidentWorld.Under(input, incident.Id));
        await using (var db = world.Broadcasts.Db())
        {
            // The only recipient opted out after the broadcast was submitted.
            var contact = await db.Set<Contact>().SingleAsync(c => c.Id == person.Id);
            contact.ChangeConsent(ConsentStatus.OptedOut, "test", DateTimeOffset.UtcNow, "test");
            await db.SaveChangesAsync();
        }

        var approved = await world.Broadcasts.Approvals.ApproveAsync(broadcast.Id, BroadcastWorld.Bob, null);

        Assert.Equal(BroadcastState.Completed, approved!.State);
        Assert.Equal([IncidentTimelineKind.BroadcastApproved, IncidentTimelineKind.BroadcastCompleted],
            (await world.TimelineAsync(incident.Id)).TakeLast(2).Select(e => e.Kind));
    }

    [Fact]
    public async Task A_broadcast_without_an_incident_writes_no_timeline()
    {
        var group = BroadcastWorld.NewGroup();
        await world.Broadcasts.AddContactsAsync(1, group);
        var broadcast = await world.Broadcasts.SubmitAsync(BroadcastWorld.Input(await world.Broadcasts.AddTemplateAsync(), [await world.Broadcasts.AddSegmentAsync(group)]));

        await using var db = world.Broadcasts.Db();
        Assert.False(await db.Set<IncidentTimelineEntry>().AnyAsync(e => e.BroadcastId == broadcast.Id));
    }

    [Fact]
    public async Task Totals_count_people_reached_and_recipients_of_check_ins_without_an_answer()
    {
        var (incident, broadcast) = await PendingUnderIncidentAsync(recipients: 3);
        await world.Broadcasts.Approvals.ApproveAsync(broadcast.Id, BroadcastWorld.Bob, null);
        await using (var db = world.Broadcasts.Db())
        {
            var delivered = nameof(DeliveryStatus.Delivered);
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE Deliveries SET Status = {delivered} WHERE Id IN (SELECT Id FROM Deliveries WHERE BroadcastId = {broadcast.Id} ORDER BY Id LIMIT 2)");
        }

        var figures = await world.Queries.FiguresAsync(incident.Id);

        Assert.Equal(new IncidentFigures(Reached: 2, Safe: 0, NeedsHelp: 0, Unaccounted: 3), figures);
    }
}
