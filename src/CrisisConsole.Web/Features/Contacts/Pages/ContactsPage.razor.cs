using CrisisConsole.Web.Features.Accounts;
using Microsoft.AspNetCore.Components;
using Radzen;
using Radzen.Blazor;

namespace CrisisConsole.Web.Features.Contacts.Pages;

/// <summary>
/// The contacts list: the grid asks the server for one page at a time (LoadData), so it stays fast at
/// 100,000 contacts. Typing in the search box waits 300 ms before querying.
/// </summary>
public sealed partial class ContactsPage : IDisposable
{
    private static readonly int[] PageSizes = [25, 50, 100];

    internal static readonly IReadOnlyList<ConsentChoice> ConsentChoices =
        [.. Enum.GetValues<ConsentStatus>().Select(s => new ConsentChoice(ConsentStatusText.ToLabel(s), s))];

    private RadzenDataGrid<ContactRow> grid = default!;
    // Null until the first page arrives: the grid calls LoadData on first render only when it has no data.
    private IReadOnlyList<ContactRow>? rows;
    private int total;
    private bool loading;
    private ContactFilterChoices choices = new([], [], [], []);
    private string? search;
    private string? zone;
    private string? language;
    private ConsentStatus? consent;
    private string? group;
    private CancellationTokenSource? searchDelay;

    [Inject] public required ContactService Contacts { get; init; }
    [Inject] public required CurrentActor Actor { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }
    [Inject] public required NotificationService Notifications { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    private ContactFilter Filter => new(search, zone, language, consent, group);

    private string ExportUrl
    {
        get
        {
            var query = new Dictionary<string, object?>
            {
                ["search"] = search, ["zone"] = zone, ["language"] = language, ["group"] = group,
                ["consent"] = consent is { } c ? ConsentStatusText.ToWire(c) : null,
            };
            return Navigation.GetUriWithQueryParameters(Navigation.ToAbsoluteUri("contacts/export").ToString(), query);
        }
    }

    protected override async Task OnInitializedAsync() => choices = await Contacts.GetFilterChoicesAsync();

    private async Task LoadAsync(LoadDataArgs args)
    {
        loading = true;
        var sortBy = args.Sorts?.FirstOrDefault();
        var sort = ContactQuery.TryParseSort(sortBy?.Property, out var parsed) ? parsed : ContactSort.Name;
        var page = await Contacts.ListAsync(Filter, sort, sortBy?.SortOrder == SortOrder.Descending, args.Skip ?? 0, args.Top ?? 25);
        rows = page.Rows;
        total = page.Total;
        loading = false;
    }

    private async Task OnSearchChanged()
    {
        searchDelay?.Cancel();
        searchDelay = new CancellationTokenSource();
        try
        {
            await Task.Delay(300, searchDelay.Token);
        }
        catch (TaskCanceledException)
        {
            return;
        }

        await grid.FirstPage(true);
    }

    private Task OnFilterChanged() => grid.FirstPage(true);

    private async Task CreateAsync()
    {
        if (await Dialogs.OpenAsync<ContactEditDialog>("New contact", new Dictionary<string, object?>(), DialogSize) is true)
        {
            Notifications.Notify(NotificationSeverity.Success, "Contact created");
            await RefreshAsync();
        }
    }

    private async Task EditAsync(ContactRow row)
    {
        var parameters = new Dictionary<string, object?> { [nameof(ContactEditDialog.ContactId)] = row.Id };
        if (await Dialogs.OpenAsync<ContactEditDialog>("Edit contact", parameters, DialogSize) is true)
        {
            Notifications.Notify(NotificationSeverity.Success, "Contact saved");
            await RefreshAsync();
        }
    }

    private async Task DeleteAsync(ContactRow row)
    {
        var confirmed = await Dialogs.Confirm(
            $"Delete {row.Name} ({row.Phone})? They will no longer be listed or messaged. Their past messages stay in the history.",
            "Delete contact", new ConfirmOptions { OkButtonText = "Delete", CancelButtonText = "Keep" });
        if (confirmed != true)
        {
            return;
        }

        var deleted = await Contacts.DeleteAsync(row.Id, await Actor.GetAsync());
        Notifications.Notify(deleted ? NotificationSeverity.Success : NotificationSeverity.Warning,
            deleted ? "Contact deleted" : "This contact was already deleted");
        await RefreshAsync();
    }

    private async Task RefreshAsync()
    {
        choices = await Contacts.GetFilterChoicesAsync();
        await grid.Reload();
    }

    private static DialogOptions DialogSize => new() { Width = "720px", CloseDialogOnEsc = true, Resizable = true };

    public void Dispose()
    {
        searchDelay?.Cancel();
        searchDelay?.Dispose();
    }

    internal sealed record ConsentChoice(string Text, ConsentStatus Value);
}
