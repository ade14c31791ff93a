using Microsoft.AspNetCore.Components;
using Radzen;

namespace CrisisConsole.Web.Features.Accounts.Pages.Dialogs;

/// <summary>Creates the user itself, keeps errors (a weak password, a taken e-mail) in view, and closes with the result.</summary>
public partial class CreateUserDialog
{
    [Inject] public required UserAdministrationService Administration { get; init; }
    [Inject] public required CurrentActor CurrentActor { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }

    private string displayName = "";
    private string email = "";
    private string password = "";
    private readonly HashSet<string> roles = [];
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
            var result = await Administration.CreateAsync(new NewUser(displayName, email, password, roles.ToList()), await CurrentActor.GetAsync());
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
