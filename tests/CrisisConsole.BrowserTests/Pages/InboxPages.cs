using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Pages;

/// <summary>The triage queue at /inbox.</summary>
public sealed class InboxQueuePage(IPage page)
{
    public ILocator Rows => page.GetByTestId("inbox-grid").Locator("tbody tr[data-item-id]");

    public ILocator TopRow => Rows.First;

    public async Task OpenAsync()
    {
        await page.GotoAsync("/inbox");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Exact = true }).WaitForAsync();
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Follows the link of the top row and waits for the item page.</summary>
    public async Task<InboxItemPage> OpenTopItemAsync()
    {
        await TopRow.Locator("a.cc-item-link").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/inbox/\d+$"));
        await page.WaitForInteractiveAsync();
        return new InboxItemPage(page);
    }
}

/// <summary>One item at /inbox/{id}: work it, reply, read the conversation.</summary>
public sealed class InboxItemPage(IPage page)
{
    public ILocator Assignee => page.GetByTestId("item-assignee");

    public ILocator State => page.GetByTestId("item-state");

    public ILocator ReplyResult => page.GetByTestId("reply-result");

    public ILocator Conversation => page.GetByTestId("conversation");

    /// <summary>The outgoing messages of the conversation holding <paramref name="text"/>.</summary>
    public ILocator Outgoing(string text) => Conversation.Locator("li[data-side=out]").Filter(new() { HasText = text });

    public async Task AssignToMeAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign to me" }).ClickAsync();
    }

    /// <summary>Types the reply, sends it, and confirms the dialog that says what will happen.</summary>
    public async Task ReplyAsync(string text)
    {
        await page.GetByLabel("Reply text").FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Alertdialog);
        await Assertions.Expect(confirm).ToContainTextAsync("cannot be recalled");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
    }
}
