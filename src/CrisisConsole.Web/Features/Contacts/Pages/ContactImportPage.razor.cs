using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Contacts.Import;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace CrisisConsole.Web.Features.Contacts.Pages;

/// <summary>Uploads a CSV through the circuit and shows the import report (counts and rejected rows).</summary>
public sealed partial class ContactImportPage
{
    private ContactImportReport? report;
    private string? error;
    private string? fileName;
    private bool busy;

    [Inject] public required ContactImporter Importer { get; init; }
    [Inject] public required CurrentActor Actor { get; init; }

    private async Task ImportAsync(InputFileChangeEventArgs e)
    {
        report = null;
        error = null;
        var file = e.File;
        fileName = file.Name;
        if (file.Size > ContactCsvReader.MaxFileBytes)
        {
            error = $"{file.Name} is {file.Size / (1024.0 * 1024):0.#} MB; files may be at most {ContactCsvReader.MaxFileSizeText}. Split it and import the parts.";
            return;
        }

        if (file.Size == 0)
        {
            error = $"{file.Name} is empty.";
            return;
        }

        busy = true;
        try
        {
            using var buffer = new MemoryStream((int)file.Size);
            await using (var upload = file.OpenReadStream(ContactCsvReader.MaxFileBytes))
            {
                await upload.CopyToAsync(buffer);
            }

            var actor = await Actor.GetAsync();
            var bytes = buffer.ToArray();
            // Off the circuit's thread: a large file takes seconds, and the page should stay responsive.
            report = await Task.Run(() => Importer.ImportAsync(bytes, "CSV import by " + actor.Name, actor));
        }
        catch (ContactImportRefusedException refused)
        {
            error = $"{file.Name} was not imported: {refused.Message}";
        }
        catch (IOException)
        {
            error = $"{file.Name} could not be uploaded completely. Try again.";
        }
        finally
        {
            busy = false;
        }
    }
}
