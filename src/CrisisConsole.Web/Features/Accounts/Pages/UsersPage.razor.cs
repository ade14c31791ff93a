using CrisisConsole.Web.Components.Shared;
using CrisisConsole.Web.Features.Accounts.Pages.Dialogs;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace CrisisConsole.Web.Features.Accounts.Pages;

public partial class UsersPage
{
    [Inject] public required UserAdministrationService Administration { get; init; }
    [Inject] public required CurrentActor CurrentActor { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }
    [Inject] public required NotificationService Notifications { get; init; }

    private IReadOnlyList<UserSummary> users = [];
    private bool loading = true;
    private string? error;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        loading = true;
        try
        {
            users = await Administration.ListAsync();
        }
        finally
        {
            loading = false;
        }
    }

    private async Task OpenCreateAsync()
    {
        object? result = await Dialogs.OpenAsync<CreateUserDialog>("New user", options: FormDialog());
        await AfterDialogAsync(result, "User created");
    }

    private async Task OpenRolesAsync(UserSummary user)
    {
        object? result = await Dialogs.OpenAsync<EditRolesDialog>("Change roles",
            new Dictionary<string, object?> { [nameof(EditRolesDialog.User)] = user }, FormDialog());
        await AfterDialogAsync(result, "Roles changed");
    }

    private async Task OpenResetPasswordAsync(UserSummary user)
    {
        object? result = await Dialogs.OpenAsync<ResetPasswordDialog>("Reset password",
            new Dictionary<string, object?> { [nameof(ResetPasswordDialog.User)] = user }, FormDialog());
        await AfterDialogAsync(result, "Password reset");
    }

    private async Task DisableAsync(UserSummary user)
    {
        var confirmed = await Dialogs.Confirm(
            $"Disable {user.DisplayName} ({user.Email})? They are signed out within a minute and cannot sign in until an Admin enables the account again.",
            "Disable user",
            new ConfirmOptions { OkButtonText = "Disable", CancelButtonText = "Cancel" });
        if (confirmed == true)
        {
            await ApplyAsync(await Administration.DisableAsync(user.Id, await CurrentActor.GetAsync()), "User disabled");
        }
    }

    private async Task EnableAsync(UserSummary user)
    {
        var confirmed = await Dialogs.Confirm(
            $"Enable {user.DisplayName} ({user.Email})? They can sign in again with their current password.",
            "Enable user",
            new ConfirmOptions { OkButtonText = "Enable", CancelButtonText = "Cancel" });
        if (confirmed == true)
        {
            await ApplyAsync(await Administration.EnableAsync(user.Id, await CurrentActor.GetAsync()), "User enabled");
        }
    }

    // Dialog titles stay fixed text: Radzen renders a title as HTML, and names are typed by users.

    /// <summary>Dialogs make the change themselves and close with its result, or with nothing when cancelled.</summary>
    private async Task AfterDialogAsync(object? dialogResult, string summary)
    {
        if (dialogResult is UserChangeResult result)
        {
            await ApplyAsync(result, summary);
        }
    }

    private async Task ApplyAsync(UserChangeResult result, string summary)
    {
        if (result.Succeeded)
        {
            error = null;
            Notifications.NotifyText(NotificationSeverity.Success, summary, result.Message);
        }
        else
        {
            error = result.Message;
            Notifications.NotifyText(NotificationSeverity.Error, "Not changed", result.Message);
        }

        await LoadAsync();
    }

    private static DialogOptions FormDialog() => new() { Width = "480px", CloseDialogOnEsc = true };

    private static string StateBadge(UserSummary user) =>
        user.IsDisabled ? "cc-badge-danger" : user.LockedOutUntil is not null ? "cc-badge-muted" : "cc-badge-ok";

    private static string FormatTime(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "";
}
