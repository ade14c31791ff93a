using Microsoft.AspNetCore.Components;
using Radzen;

namespace CrisisConsole.Web.Features.Accounts.Pages.Dialogs;

public partial class EditRolesDialog
{
    [Inject] public required UserAdministrationService Administration { get; init; }
    [Inject] public required CurrentActor CurrentActor { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }

    [Parameter, EditorRequired] public UserSummary User { get; set; } = default!;

    private HashSet<string> roles = [];
    private IReadOnlyList<string> errors = [];
    private bool busy;

    protected override void OnInitialized() => roles = [.. User.Roles];

    private async Task SaveAsync()
    {
        if (busy)
        {
            return;
        }

        busy = true;
        try
        {
            var result = await Administration.ChangeRolesAsync(User.Id, roles.ToList(), await CurrentActor.GetAsync());
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
