using System.Globalization;
using CrisisConsole.Web.Components.Shared;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.ApiKeys.Pages.Dialogs;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace CrisisConsole.Web.Features.ApiKeys.Pages;

public partial class ApiKeysPage
{
    [Inject] public required ApiKeyService Keys { get; init; }
    [Inject] public required CurrentActor CurrentActor { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }
    [Inject] public required NotificationService Notifications { get; init; }

    private List<ApiKey> keys = [];
    private bool loading = true;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        loading = true;
        try
        {
            keys = await Keys.ListAsync();
        }
        finally
        {
            loading = false;
        }
    }

    private async Task OpenCreateAsync()
    {
        object? result = await Dialogs.OpenAsync<CreateApiKeyDialog>("New API key", options: new DialogOptions { Width = "480px" });
        if (result is not CreatedApiKey created)
        {
            return;
        }

        await LoadAsync();
        // Fixed title, and the secret only ever lives in this dialog's parameters until it closes.
        await Dialogs.OpenAsync<ShowApiKeyDialog>("Copy the new API key",
            new Dictionary<string, object?> { [nameof(ShowApiKeyDialog.Created)] = created },
            new DialogOptions { Width = "560px", CloseDialogOnEsc = false, ShowClose = false });
    }

    private async Task RevokeAsync(ApiKey key)
    {
        var confirmed = await Dialogs.Confirm(
            $"Revoke the key '{key.Name}' ({key.Prefix}…)? Every call made with it is refused from now on. This cannot be undone; the integration needs a new key.",
            "Revoke API key",
            new ConfirmOptions { OkButtonText = "Revoke", CancelButtonText = "Cancel" });
        if (confirmed != true)
        {
            return;
        }

        try
        {
            await Keys.RevokeAsync(key.Id, await CurrentActor.GetAsync());
            Notifications.NotifyText(NotificationSeverity.Success, "Key revoked", $"Calls with '{key.Name}' are refused from now on.");
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException)
        {
            Notifications.NotifyText(NotificationSeverity.Error, "Not revoked", ex.Message);
        }

        await LoadAsync();
    }

    private static string FormatTime(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "";
}
