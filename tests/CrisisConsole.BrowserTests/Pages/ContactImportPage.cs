using System.Text;
using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Pages;

public sealed class ContactImportPage(IPage page)
{
    public async Task ImportAsync(string fileName, string csv)
    {
        await page.GotoAsync("/contacts/import");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Import contacts" }).WaitForAsync();
        await page.WaitForInteractiveAsync();
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
        {
            Name = fileName,
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(csv),
        });
        await page.GetByTestId("import-report").WaitForAsync();
    }

    public ILocator Report => page.GetByTestId("import-report");

    public ILocator Rejections => page.GetByTestId("import-rejections");
}
