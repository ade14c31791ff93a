using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Radzen;

namespace CrisisConsole.Web.Features.Dispatch;

public partial class BroadcastControls : IDisposable
{
    [Inject] public required BroadcastControlService Control { get; init; }
    [Inject] public required CurrentActor CurrentActor { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }
    [Inject] public required LiveEventHub Hub { get; init; }
    [Inject] public required IDbContextFactory<AppDbContext> Contexts { get; init; }

    [Parameter, EditorRequired] public int BroadcastId { get; set; }

    /// <summary>Told after this component changed the broadcast's state.</summary>
    [Parameter] public EventCallback<BroadcastState> Changed { get; set; }

    private BroadcastState? state;
    private string? error;
    private bool busy;
    private IDisposable? subscription;

    protected override async Task OnParametersSetAsync() => await LoadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            // State changes made elsewhere (another operator, the messaging service completing it) show here too.
            subscription = Hub.Subscribe<BroadcastStateChanged>(change =>
            {
                if (change.BroadcastId == BroadcastId)
                {
                    _ = RefreshAsync(change.State);
                }
            });
        }
    }

    private async Task RefreshAsync(BroadcastState changed)
    {
        try
        {
            await InvokeAsync(() =>
            {
                state = changed;
                StateHasChanged();
            });
        }
        catch (Exception exception)
        {
            await DispatchExceptionAsync(exception);
        }
    }

    private async Task LoadAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        state = await db.Set<Broadcast>().AsNoTracking().Where(b => b.Id == BroadcastId).Select(b => (BroadcastState?)b.State).SingleOrDefaultAsync();
    }

    private Task PauseAsync() => RunAsync(actor => Control.PauseAsync(BroadcastId, actor));

    private Task ResumeAsync() => RunAsync(actor => Control.ResumeAsync(BroadcastId, actor));

    private async Task CancelAsync()
    {
        var confirmed = await Dialogs.Confirm(
            "Cancel this broadcast? Messages not yet sent are stopped and cannot be sent later; messages already sent are not recalled.",
            "Cancel broadcast",
            new ConfirmOptions { OkButtonText = "Cancel broadcast", CancelButtonText = "Keep sending" });
        if (confirmed == true)
        {
            await RunAsync(actor => Control.CancelAsync(BroadcastId, actor));
        }
    }

    private async Task RunAsync(Func<Audit.AuditActor, Task<BroadcastControlResult?>> action)
    {
        busy = true;
        error = null;
        try
        {
            var result = await action(await CurrentActor.GetAsync());
            if (result is null)
            {
                error = "This broadcast no longer exists.";
                return;
            }

            state = result.State;
            await Changed.InvokeAsync(result.State);
        }
        catch (BroadcastRuleException exception)
        {
            // Someone else (or the messaging service) changed it first; show where it stands now.
            error = exception.Message;
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    public void Dispose() => subscription?.Dispose();
}
