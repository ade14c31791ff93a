using Microsoft.AspNetCore.Components;
using Radzen;

namespace CrisisConsole.Web.Features.Accounts.Pages.Dialogs;

public partial class ResetPasswordDialog
{
    [Inject] public required UserAdministrationService Administration { get; init; }
    [Inject] public required CurrentActor CurrentActor { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }

    [Parameter, EditorRequired] public UserSummary User { get; set; } = default!;

    private string password = "";
    private IReadOnlyList<string> errors = [];
    private bool busy;

    private async Task ResetAsync()
    {
        if (busy)
        {
            return;
        }

        busy = true;
        try
        {
            var result = await Administration.ResetPasswordAsync(User.Id, password, await CurrentActor.GetAsync());
            if (result.Succeeded)
            {
                Dialogs.Close(result);
                return;
            }

            errors = result.Errors;
        }
        finally
        {
            busy = false;
        }
    }
}
