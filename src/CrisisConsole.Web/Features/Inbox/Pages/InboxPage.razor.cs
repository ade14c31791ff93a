using CrisisConsole.Web.Features.Inbox.Triage;
using CrisisConsole.Web.Features.Live;
using Microsoft.AspNetCore.Components;
using Radzen;
using Radzen.Blazor;

namespace CrisisConsole.Web.Features.Inbox.Pages;

/// <summary>
/// The triage queue, one page at a time from the server (<see cref="InboxQueries"/>). Every
/// <see cref="InboxItemChanged"/> marks a throttled refresh dirty that reloads the page on screen, at most
/// once a second, so a storm of answers never re-renders it more often than that.
/// </summary>
public sealed partial class InboxPage : IAsyncDisposable
{
    private static readonly int[] PageSizes = [25, 50, 100];

    private static readonly InboundClassification[] Classifications =
    [
        InboundClassification.NeedsHelp, InboundClassification.Question, InboundClassification.Other,
        InboundClassification.Safe, InboundClassification.OptOut, InboundClassification.OptIn,
    ];

    private RadzenDataGrid<InboxRow> grid = default!;
    // Null until the first page arrives: the grid calls LoadData on first render only when it has no data.
    private IReadOnlyList<InboxRow>? rows;
    private int total;
    private bool loading;
    private InboxFilter filter = new();
    private InboxFilterChoices choices = new([], [], []);
    private ThrottledRefresh? refresh;
    private IDisposable? subscription;

    [Inject] public required InboxQueries Queue { get; init; }
    [Inject] public required LiveEventHub Hub { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnInitializedAsync() => choices = await Queue.ChoicesAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            refresh = new ThrottledRefresh(() => InvokeAsync(() => grid.Reload()), e => _ = DispatchExceptionAsync(e), TimeSpan.FromSeconds(1));
            subscription = Hub.Subscribe<InboxItemChanged>(_ => refresh.MarkDirty());
        }
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        loading = true;
        var page = await Queue.PageAsync(filter, args.Skip ?? 0, args.Top ?? 25);
        rows = page.Rows;
        total = page.Total;
        loading = false;
    }

    private Task FilterAsync(Func<InboxFilter, InboxFilter> change)
    {
        filter = change(filter);
        return grid.FirstPage(true);
    }

    private void OnRowRender(RowRenderEventArgs<InboxRow> args)
    {
        if (args.Data is not { } row || args.Attributes is not { } attributes)
        {
            return;
        }

        attributes["data-item-id"] = row.Id;
        attributes["data-classification"] = InboxPriority.ToWire(row.Classification);
    }

    private static string? Text(ChangeEventArgs e) => e.Value?.ToString() is { Length: > 0 } value ? value : null;

    private static T? ParseOrNull<T>(ChangeEventArgs e) where T : struct, Enum => Enum.TryParse<T>(Text(e), out var value) ? value : null;

    public async ValueTask DisposeAsync()
    {
        subscription?.Dispose();
        if (refresh is not null)
        {
            await refresh.DisposeAsync();
        }
    }
}
