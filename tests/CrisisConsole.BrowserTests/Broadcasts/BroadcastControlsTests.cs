using CrisisConsole.BrowserTests.Infrastructure;
using CrisisConsole.BrowserTests.Pages;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts.Demo;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Dispatch;
using CrisisConsole.Web.Features.Segments;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Broadcasts;

/// <summary>
/// Pause, Resume and Cancel on the live dashboard, on a broadcast that is really sending: safety-check to
/// demo-everyone by SMS only, which the messaging service sends at the SMS sender's rate (10 a second
/// here), so it is still sending while the Operator uses the controls. Every wait is on the page or on
/// the database reaching a state, never a fixed sleep.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class BroadcastControlsTests(BrowserFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_operator_pauses_resumes_and_cancels_a_sending_broadcast_from_its_dashboard()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var email = $"controls-{suffix}@browser.test";
        const string password = "controls-test-password";
        var users = fixture.Server.Services.GetRequiredService<UserAdministrationService>();
        Assert.True((await users.CreateAsync(new NewUser("Olga Operator", email, password, [Roles.Operator]), AuditActor.System)).Succeeded);
        var broadcastId = await SendingBroadcastAsync();

        var page = await fixture.NewPageAsync();
        var login = new LoginPage(page);
        await login.SignInAsync(email, password);
        await login.WaitForConsoleAsync(email);
        var controls = new BroadcastControlsPage(page);
        await controls.OpenAsync(broadcastId);
        await controls.ExpectStateAsync("sending");
        await WaitUntilAsync(async () => await ProcessedAsync(broadcastId) > 0, "the first messages leave");

        // Pause: the state changes, and once the sends already under way are written nothing more leaves.
        await controls.PauseAsync();
        await controls.ExpectStateAsync("paused");
        await Assertions.Expect(controls.Pause).ToBeHiddenAsync();
        await WaitUntilAsync(async () => await ClaimedAsync(broadcastId) == 0, "the sends under way when it was paused are settled");
        var processedWhenPaused = await ProcessedAsync(broadcastId);
        Assert.True(await PendingAsync(broadcastId) > 0, "the broadcast should still have recipients waiting when it is paused");
        await WaitForMessagingServiceRoundsAsync(3);
        Assert.Equal(processedWhenPaused, await ProcessedAsync(broadcastId));
        Assert.Equal(0, await ClaimedAsync(broadcastId));

        // Resume: sending goes on from where it stopped.
        await controls.ResumeAsync();
        await controls.ExpectStateAsync("sending");
        await WaitUntilAsync(async () => await ProcessedAsync(broadcastId) > processedWhenPaused, "sending goes on after resuming");

        // Cancel, after the confirmation: nothing is left waiting, and the stopped messages show as failed.
        await controls.CancelAndConfirmAsync();
        await controls.ExpectStateAsync("cancelled");
        await Assertions.Expect(controls.Pause).ToBeHiddenAsync();
        await Assertions.Expect(controls.Resume).ToBeHiddenAsync();
        await Assertions.Expect(controls.Cancel).ToBeHiddenAsync();
        await WaitUntilAsync(async () => await PendingAsync(broadcastId) == 0 && await ClaimedAsync(broadcastId) == 0,
            "no recipient is left waiting or being sent to");
        var cancelled = await CancelledAsync(broadcastId);
        Assert.True(cancelled > 0, "the recipients not yet sent to should be stopped as cancelled");
        await Assertions.Expect(controls.Failed).Not.ToHaveTextAsync("0", new() { Timeout = 30_000 });
        var sentWhenCancelled = await SentAsync(broadcastId);
        await WaitForMessagingServiceRoundsAsync(3);
        Assert.Equal(sentWhenCancelled, await SentAsync(broadcastId));
        Assert.Equal(cancelled, await CancelledAsync(broadcastId));

        await page.Context.CloseAsync();
    }

    /// <summary>safety-check to demo-everyone by SMS, submitted by one person and approved by another (both through the services the UI uses).</summary>
    private async Task<int> SendingBroadcastAsync()
    {
        int templateId, segmentId;
        await using (var db = Db())
        {
            templateId = await db.Set<MessageTemplate>().Where(t => t.Name == DemoTemplates.SafetyCheck).Select(t => t.Id).SingleAsync();
            segmentId = await db.Set<Segment>().Where(s => s.Name == DemoContactSeeder.EveryoneSegment && s.DeletedAt == null).Select(s => s.Id).SingleAsync();
        }

        var author = new AuditActor("user:controls-author", "Controls author");
        var submitted = await fixture.Server.Services.GetRequiredService<BroadcastDraftService>().SubmitAsync(null, new BroadcastInput
        {
            TemplateId = templateId,
            Variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["org"] = "City Council", ["event"] = "Flooding" },
            SegmentIds = [segmentId],
            ChannelPolicy = ChannelPolicy.SmsOnly,
        }, author);
        Assert.True(submitted.Succeeded, string.Join("; ", submitted.Errors.Values));
        Assert.True(submitted.Recipients >= 100, $"demo-everyone should hold enough people to keep SMS sending for a while, saw {submitted.Recipients}");
        var approved = await fixture.Server.Services.GetRequiredService<BroadcastApprovalService>()
            .ApproveAsync(submitted.Broadcast!.Id, new AuditActor("user:controls-approver", "Controls approver"), "Go ahead.");
        return approved!.Id;
    }

    private AppDbContext Db() => fixture.Server.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>Deliveries the messaging service has dealt with (anything but Pending).</summary>
    private async Task<int> ProcessedAsync(int broadcastId)
    {
        await using var db = Db();
        return await db.Set<Delivery>().CountAsync(d => d.BroadcastId == broadcastId && d.Status != DeliveryStatus.Pending);
    }

    /// <summary>Deliveries the provider accepted (they carry its message id).</summary>
    private async Task<int> SentAsync(int broadcastId)
    {
        await using var db = Db();
        return await db.Set<Delivery>().CountAsync(d => d.BroadcastId == broadcastId && d.ProviderMessageId != null);
    }

    private async Task<int> PendingAsync(int broadcastId)
    {
        await using var db = Db();
        return await db.Set<Delivery>().CountAsync(d => d.BroadcastId == broadcastId && d.Status == DeliveryStatus.Pending);
    }

    private async Task<int> ClaimedAsync(int broadcastId)
    {
        await using var db = Db();
        return await db.Set<Delivery>().CountAsync(d => d.BroadcastId == broadcastId && d.ClaimedAt != null);
    }

    private async Task<int> CancelledAsync(int broadcastId)
    {
        await using var db = Db();
        return await db.Set<Delivery>().CountAsync(d => d.BroadcastId == broadcastId && d.ErrorCode == DispatchErrorCodes.Cancelled);
    }

    /// <summary>Waits until the messaging service's loop has gone round <paramref name="rounds"/> more times (each round claims whatever is due).</summary>
    private async Task WaitForMessagingServiceRoundsAsync(int rounds)
    {
        var status = fixture.Server.Services.GetRequiredService<MessagingServiceStatus>();
        var last = status.LastHeartbeat;
        for (var seen = 0; seen < rounds;)
        {
            await WaitUntilAsync(() => Task.FromResult(status.LastHeartbeat != last), "the messaging service goes round again");
            last = status.LastHeartbeat;
            seen++;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }
}
