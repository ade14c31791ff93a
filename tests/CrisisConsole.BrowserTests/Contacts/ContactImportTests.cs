using CrisisConsole.BrowserTests.Infrastructure;
using CrisisConsole.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Contacts;

[Collection(ConsoleCollection.Name)]
public sealed class ContactImportTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Importing_a_CSV_with_bad_rows_reports_each_rejection_and_keeps_the_good_rows()
    {
        var page = await fixture.NewPageAsync();
        var login = new LoginPage(page);
        await login.SignInAsync(ConsoleServer.AdminEmail, ConsoleServer.AdminPassword);
        await login.WaitForConsoleAsync(ConsoleServer.AdminEmail);

        // Semicolons, a quoted field, Arabic and French names; row 4 has letters in the phone, row 5 no phone.
        var csv = "\uFEFFname;phone;language;zone;groups\n" +
                  "\"Haddad, Leila\";+33 6 12 34 56 78;fr;North;Staff\n" +
                  "نور الهدى;+961 3 123 456;ar;South;Residents South\n" +
                  "Bad Phone;+44 7700 CALLME;en;East;\n" +
                  "No Phone;;en;West;\n";
        var import = new ContactImportPage(page);
        await import.ImportAsync("browser-import.csv", csv);

        await Assertions.Expect(import.Report).ToContainTextAsync("2imported", new() { UseInnerText = false });
        await Assertions.Expect(import.Rejections.GetByRole(AriaRole.Row).Filter(new() { HasText = "letters" })).ToContainTextAsync("4");
        await Assertions.Expect(import.Rejections.GetByRole(AriaRole.Row).Filter(new() { HasText = "5" })).ToContainTextAsync("phone");
        await page.Context.CloseAsync();
    }
}
