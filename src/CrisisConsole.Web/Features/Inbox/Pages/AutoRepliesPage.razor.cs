using System.Globalization;
using CrisisConsole.Web.Components.Shared;
using CrisisConsole.Web.Features.Accounts;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace CrisisConsole.Web.Features.Inbox.Pages;

public partial class AutoRepliesPage
{
    [Inject] public required KeywordAutoReplyService Service { get; init; }
    [Inject] public required CurrentActor CurrentActor { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }
    [Inject] public required NotificationService Notifications { get; init; }

    private List<KeywordAutoReply> replies = [];
    private IReadOnlyDictionary<string, string> errors = new Dictionary<string, string>();
    private KeywordAutoReplyInput? editing;
    private int? editingId;
    private bool loading = true;
    private bool saving;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        loading = true;
        try
        {
            replies = await Service.ListAsync();
        }
        finally
        {
            loading = false;
        }
    }

    private void StartNew() => Open(null, new KeywordAutoReplyInput());

    private void Edit(KeywordAutoReply reply) => Open(reply.Id, KeywordAutoReplyInput.From(reply));

    private void Open(int? id, KeywordAutoReplyInput input)
    {
        editingId = id;
        editing = input;
        errors = new Dictionary<string, string>();
    }

    private void Cancel() => editing = null;

    private string? Error(string field) => errors.GetValueOrDefault(field);

    private async Task SaveAsync(KeywordAutoReplyInput input)
    {
        saving = true;
        try
        {
            var result = await Service.SaveAsync(editingId, input, await CurrentActor.GetAsync());
            if (!result.Succeeded)
            {
                errors = result.Errors;
                return;
            }

            Notifications.NotifyText(NotificationSeverity.Success, "Auto-reply saved", $"'{result.Saved!.DisplayKeyword}' is answered automatically.");
            editing = null;
            await LoadAsync();
        }
        finally
        {
            saving = false;
        }
    }

    private async Task RetireAsync(KeywordAutoReply reply)
    {
        var confirmed = await Dialogs.Confirm(
            $"Retire the auto-reply for '{reply.DisplayKeyword}'? People who send it get no automatic answer any more; you can restore it later.",
            "Retire auto-reply", new ConfirmOptions { OkButtonText = "Retire", CancelButtonText = "Cancel" });
        if (confirmed == true)
        {
            await SetActiveAsync(reply, false, "Auto-reply retired");
        }
    }

    private Task RestoreAsync(KeywordAutoReply reply) => SetActiveAsync(reply, true, "Auto-reply restored");

    private async Task SetActiveAsync(KeywordAutoReply reply, bool active, string summary)
    {
        if (await Service.SetActiveAsync(reply.Id, active, await CurrentActor.GetAsync()))
        {
            Notifications.NotifyText(NotificationSeverity.Success, summary, $"Keyword '{reply.DisplayKeyword}'.");
        }
        else
        {
            Notifications.NotifyText(NotificationSeverity.Error, "Not changed", "This auto-reply no longer exists.");
        }

        await LoadAsync();
    }

    private static string FormatTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
