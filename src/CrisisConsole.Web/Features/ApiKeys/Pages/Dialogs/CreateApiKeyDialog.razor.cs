using CrisisConsole.Web.Features.Accounts;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace CrisisConsole.Web.Features.ApiKeys.Pages.Dialogs;

public partial class CreateApiKeyDialog
{
    [Inject] public required ApiKeyService Keys { get; init; }
    [Inject] public required CurrentActor CurrentActor { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }

    private string name = "";
    private readonly HashSet<string> scopes = [];
    private IReadOnlyList<string> errors = [];
    private bool busy;

    private async Task CreateAsync()
    {
        if (busy)
        {
            return;
        }

        busy = true;
        try
        {
            var (key, secret) = await Keys.CreateAsync(name, scopes, await CurrentActor.GetAsync());
            Dialogs.Close(new CreatedApiKey(key.Name, key.Scopes, secret));
        }
        catch (ArgumentException ex)
        {
            // The service's messages are written for the user; drop the " (Parameter 'x')" suffix.
            errors = [ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal)];
        }
        finally
        {
            busy = false;
        }
    }
}
