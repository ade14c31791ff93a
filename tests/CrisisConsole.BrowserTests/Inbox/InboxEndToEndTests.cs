using CrisisConsole.BrowserTests.Infrastructure;
using CrisisConsole.BrowserTests.Pages;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Segments;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Inbox;

/// <summary>
/// Issue 5's acceptance test: a safety-check goes to the demo contacts; one simulated recipient answers
/// "مساعدة"; the item reaches the top of an open inbox without a reload; a Responder assigns it to
/// themself and replies; the simulator receives the reply. The simulator's own recipients are kept
/// quiet meanwhile, so the only answer is the one the test sends.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class InboxEndToEndTests(BrowserFixture fixture)
{
    private const string HelpText = "مساعدة";

    [Fact]
    public async Task A_call_for_help_tops_the_inbox_live_and_the_responders_reply_reaches_the_person()
    {
        var services = fixture.Server.Services;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        const string password = "inbox-end-to-end-pw";
        var responderEmail = $"resp-{suffix}@browser.test";
        var users = services.GetRequiredService<UserAdministrationService>();
        Assert.True((await users.CreateAsync(new NewUser("Rania Responder", responderEmail, password, [Roles.Responder]), AuditActor.System)).Succeeded);
        var composer = await ActorAsync(users, $"op-{suffix}@browser.test", Roles.Operator);
        var approver = await ActorAsync(users, $"sup-{suffix}@browser.test", Roles.Supervisor);

        var adminPage = await fixture.NewPageAsync();
        var simulator = await SimulatorAdmin.SignInAsync(adminPage, ConsoleServer.AdminEmail, ConsoleServer.AdminPassword);
        await simulator.SetRecipientsAnsweringAsync(false);
        try
        {
            var broadcastId = await SendSafetyCheckAsync(services, composer, approver);

            var page = await fixture.NewPageAsync();
            var login = new LoginPage(page);
            await login.SignInAsync(responderEmail, password);
            await login.WaitForConsoleAsync(responderEmail);
            var inbox = new InboxQueuePage(page);
            await inbox.OpenAsync();
            var navigations = 0;
            page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) navigations++; };

            var (contact, delivery) = await SimulatedPeople.FirstReachedAsync(services, broadcastId, MessageChannel.WhatsApp);
            await simulator.SendAsPersonAsync(contact.Phone, SimulatedPeople.SimulatorChannel(delivery.Provider), HelpText, delivery.ProviderMessageId);

            await Assertions.Expect(inbox.TopRow).ToContainTextAsync(HelpText, new() { Timeout = 30_000 });
            await Assertions.Expect(inbox.TopRow).ToContainTextAsync(contact.Name);
            await Assertions.Expect(inbox.TopRow).ToHaveAttributeAsync("data-classification", "needs_help");
            Assert.Equal(0, navigations);

            var item = await inbox.OpenTopItemAsync();
            await item.AssignToMeAsync();
            await Assertions.Expect(item.Assignee).ToHaveTextAsync("Rania Responder");
            await Assertions.Expect(item.State).ToHaveTextAsync("In progress");

            var reply = $"Help is on the way; stay where you are. ({suffix})";
            await item.ReplyAsync(reply);
            await Assertions.Expect(item.ReplyResult).ToContainTextAsync("Reply queued");
            await Assertions.Expect(item.Outgoing(reply)).ToBeVisibleAsync();
            // Its status moves on by itself once the simulator reports it.
            await Assertions.Expect(item.Outgoing(reply).GetByTestId("message-status")).Not.ToHaveTextAsync("Pending", new() { Timeout = 30_000 });

            await WaitUntilSimulatorHasAsync(simulator, reply);
            await page.Context.CloseAsync();
        }
        finally
        {
            await simulator.SetRecipientsAnsweringAsync(true);
            await adminPage.Context.CloseAsync();
        }
    }

    private static async Task<AuditActor> ActorAsync(UserAdministrationService users, string email, string role)
    {
        Assert.True((await users.CreateAsync(new NewUser(email, email, "inbox-end-to-end-pw", [role]), AuditActor.System)).Succeeded);
        var id = (await users.ListAsync()).Single(u => u.Email == email).Id;
        return new AuditActor(id, email);
    }

    private static async Task<int> SendSafetyCheckAsync(IServiceProvider services, AuditActor composer, AuditActor approver)
    {
        var template = await services.GetRequiredService<TemplateService>().GetByNameAsync(DemoTemplates.SafetyCheck);
        var segment = (await services.GetRequiredService<SegmentService>().ListAsync()).Single(s => s.Name == "demo-everyone");
        var input = new BroadcastInput
        {
            TemplateId = template!.Id,
            Variables = new Dictionary<string, string> { ["org"] = "City Council", ["event"] = "Flooding" },
            SegmentIds = [segment.Id],
            ChannelPolicy = ChannelPolicy.WhatsAppThenSms,
        };
        var submitted = await services.GetRequiredService<BroadcastDraftService>().SubmitAsync(null, input, composer);
        Assert.True(submitted.Succeeded, string.Join("; ", submitted.Errors.Values));
        var approved = await services.GetRequiredService<BroadcastApprovalService>().ApproveAsync(submitted.Broadcast!.Id, approver, "Go ahead.");
        Assert.NotNull(approved);
        return approved.Id;
    }

    private static async Task WaitUntilSimulatorHasAsync(SimulatorAdmin simulator, string body)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var messages = await simulator.MessagesAsync();
            if (messages.Any(m => m.TryGetProperty("body", out var b) && b.GetString() == body))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the simulator never received the reply");
            await Task.Delay(250);
        }
    }
}
