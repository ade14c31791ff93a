using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Radzen;

namespace CrisisConsole.Web.Features.ApiKeys.Pages.Dialogs;

public partial class ShowApiKeyDialog
{
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }

    [Parameter, EditorRequired] public CreatedApiKey Created { get; set; } = default!;

    private string? copyStatus;

    private async Task CopyAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", Created.Secret);
            copyStatus = "Copied to the clipboard.";
        }
        catch (JSException)
        {
            // The clipboard needs a secure context (HTTPS or localhost) and the user's permission.
            copyStatus = "The browser refused to copy. Select the key and copy it by hand.";
        }
    }
}
