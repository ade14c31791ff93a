using System.Net;
using CrisisConsole.Tests.Accounts;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Inbox;

namespace CrisisConsole.Tests.Inbox;

/// <summary>The inbox pages render (server pre-render) for responders; live behaviour is the Playwright suite's.</summary>
public sealed class InboxPagesTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private readonly InboxWorld world = new(factory);

    [Fact]
    public async Task A_responder_sees_the_inbox_and_an_item_with_its_conversation()
    {
        var zone = InboxWorld.NewZone();
        var contact = await world.AddContactAsync(zone, "Amira Haddad", "ar");
        var item = await world.AddItemAsync(zone, InboundClassification.NeedsHelp, contact: contact, text: "مساعدة", language: "ar");
        var client = await factory.SignedInClientAsync(Roles.Responder);

        var inbox = await client.GetStringAsync("/inbox");
        // Blazor encodes non-ASCII text in the pre-rendered HTML.
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/inbox/{item.Id}"));

        Assert.Contains("data-testid=\"inbox-grid\"", inbox);
        Assert.Contains("href=\"inbox\"", inbox);
        Assert.Contains("Amira Haddad", page);
        Assert.Contains("مساعدة", page);
        Assert.Contains("data-testid=\"conversation\"", page);
        Assert.Contains("Assign to me", page);
        // The item arrived on WhatsApp just now: the window is open and free text is allowed.
        Assert.Contains("data-testid=\"window-open\"", page);
    }

    [Fact]
    public async Task Outside_the_window_the_reply_box_says_only_a_template_can_be_sent()
    {
        var zone = InboxWorld.NewZone();
        var contact = await world.AddContactAsync(zone);
        var item = await world.AddItemAsync(zone, InboundClassification.Question, DateTimeOffset.UtcNow.AddHours(-30), contact);
        var client = await factory.SignedInClientAsync(Roles.Responder);

        var page = await client.GetStringAsync($"/inbox/{item.Id}");

        Assert.Contains("More than 24 hours since this person last wrote on WhatsApp; only an approved template can be sent", page);
        Assert.Contains("id=\"reply-template\"", page);
        Assert.DoesNotContain("id=\"reply-text\"", page);
    }

    [Fact]
    public async Task An_operator_cannot_open_the_inbox()
    {
        var client = await factory.SignedInClientAsync(Roles.Operator);

        var response = await client.GetAsync("/inbox");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

}
