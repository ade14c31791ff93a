using System.Globalization;
using CrisisConsole.BrowserTests.Infrastructure;
using CrisisConsole.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Segments;

[Collection(ConsoleCollection.Name)]
public sealed class SegmentCountTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_member_count_follows_the_rule_while_it_is_edited()
    {
        var page = await fixture.NewPageAsync();
        var login = new LoginPage(page);
        await login.SignInAsync(ConsoleServer.AdminEmail, ConsoleServer.AdminPassword);
        await login.WaitForConsoleAsync(ConsoleServer.AdminEmail);

        var editor = new SegmentEditorPage(page);
        await editor.OpenNewAsync();
        // An empty rule selects every opted-in demo contact.
        await Assertions.Expect(editor.Count).Not.ToHaveTextAsync("…");
        var everyone = ParseCount(await editor.Count.InnerTextAsync());
        Assert.True(everyone > 100, $"expected the opted-in demo contacts, saw {everyone}");

        await editor.PickAsync("Zones", "North");

        await Assertions.Expect(editor.Count).Not.ToHaveTextAsync(everyone.ToString("N0", CultureInfo.InvariantCulture));
        await Assertions.Expect(editor.Count).Not.ToHaveTextAsync("…");
        var north = ParseCount(await editor.Count.InnerTextAsync());
        Assert.InRange(north, 1, everyone - 1);
        await page.Context.CloseAsync();
    }

    private static int ParseCount(string text) => int.Parse(text.Replace(",", "").Replace("\u202F", "").Trim(), CultureInfo.InvariantCulture);
}
