using CrisisConsole.Web.Features.Accounts;
using Microsoft.AspNetCore.Components;
using Radzen;
using Radzen.Blazor;

namespace CrisisConsole.Web.Features.CheckIns.Unaccounted;

/// <summary>
/// Who has not answered a check-in (since a chosen time), by zone, with a paged list; and the way to
/// ask them again, as a draft that goes through approval like any broadcast.
/// </summary>
public sealed partial class UnaccountedPage
{
    private UnaccountedBroadcast? broadcast;
    private UnaccountedSummary summary = new(0, 0, []);
    private RadzenDataGrid<UnaccountedPerson>? grid;
    private IReadOnlyList<UnaccountedPerson>? people;
    private int total;
    private bool loading;
    private DateTime? sinceInput;
    private DateTimeOffset? since;
    private string? zoneFilter;
    private string? error;
    private bool busy;

    [Parameter] public int Id { get; set; }

    [Inject] public required UnaccountedQueries Queries { get; init; }
    [Inject] public required NonResponderResend Resend { get; init; }
    [Inject] public required CurrentActor Actor { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        broadcast = await Queries.BroadcastAsync(Id);
        if (broadcast is not null)
        {
            summary = await Queries.SummaryAsync(Id, since);
        }
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        loading = true;
        var (page, count) = await Queries.PageAsync(Id, since, zoneFilter, args.Skip ?? 0, args.Top ?? 25);
        people = page;
        total = count;
        loading = false;
    }

    private async Task ApplyAsync()
    {
        since = sinceInput is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
        await ReloadAsync();
    }

    private async Task ClearSinceAsync()
    {
        sinceInput = null;
        since = null;
        await ReloadAsync();
    }

    private async Task ShowZoneAsync(string? zone)
    {
        zoneFilter = zone;
        if (grid is not null)
        {
            await grid.FirstPage(true);
        }
    }

    private async Task ReloadAsync()
    {
        summary = await Queries.SummaryAsync(Id, since);
        if (grid is not null)
        {
            await grid.FirstPage(true);
        }
    }

    private async Task ResendAsync()
    {
        if (busy || broadcast is null)
        {
            return;
        }

        var confirmed = await Dialogs.Confirm(
            $"Create a draft of {broadcast.TemplateName} addressed to the {summary.Unaccounted:N0} {(summary.Unaccounted == 1 ? "person" : "people")} who have not answered? " +
            "Nothing is sent now: you preview and submit the draft, and a supervisor approves it.",
            "Re-send to non-responders", new ConfirmOptions { OkButtonText = "Create draft", CancelButtonText = "Cancel" });
        if (confirmed != true)
        {
            return;
        }

        busy = true;
        try
        {
            var result = await Resend.CreateDraftAsync(Id, since, await Actor.GetAsync());
            error = result.Error;
            if (result.Succeeded)
            {
                Navigation.NavigateTo($"broadcasts/{result.BroadcastId}/edit");
            }
        }
        finally
        {
            busy = false;
        }
    }
}
