using CrisisConsole.Web.Features.Live;
using Microsoft.AspNetCore.Components;

namespace CrisisConsole.Web.Features.Dashboard.Pages;

/// <summary>
/// The live dashboard of one broadcast. Events of this broadcast mark a throttled refresh dirty; each
/// refresh reads only the broadcast row and its counter rows (a few rows, up to four times a second),
/// and the heavier reads (failures, chart, the visible page of recipients) run at most every
/// <see cref="DetailsEvery"/>, and only when the counters moved since they last ran, in the background
/// after the counters are shown, so they never delay a counter (a status change reaches the page in one
/// refresh, whatever the size of the broadcast).
/// </summary>
public sealed partial class BroadcastDashboardPage : IAsyncDisposable
{
    private static readonly TimeSpan DetailsEvery = TimeSpan.FromSeconds(5);

    private BroadcastSummary? summary;
    private BroadcastCounters counters = BroadcastCounters.Empty;
    private IReadOnlyList<FailureReason> failures = [];
    private IReadOnlyList<TimelinePoint> timeline = [];
    private SendRateMeter rate = new();
    private RecipientsGrid? recipients;
    private BroadcastLiveRefresh? live;
    private int? liveFor;
    private DateTimeOffset detailsAt;
    private BroadcastCounters? detailsOf;
    private int detailsLoading;

    [Parameter] public int Id { get; set; }

    [Inject] public required BroadcastProgressQueries Progress { get; init; }
    [Inject] public required BroadcastDetailQueries Details { get; init; }
    [Inject] public required LiveEventHub Hub { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        if (liveFor is not null && liveFor != Id)
        {
            // Navigated from one dashboard to another: same component, new broadcast.
            await StopLiveAsync();
            rate = new SendRateMeter();
        }

        summary = await Progress.GetSummaryAsync(Id);
        counters = summary is null ? BroadcastCounters.Empty : await Progress.GetCountersAsync(Id);
        rate.Add(Time.GetUtcNow(), counters.Processed);
        if (summary is not null)
        {
            ApplyDetails(await LoadDetailsAsync(summary, counters));
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // Subscribe once the circuit is interactive (never during pre-rendering), and again after navigating to another id.
        if (summary is not null && liveFor != Id)
        {
            liveFor = Id;
            live = new BroadcastLiveRefresh(Hub, Id, RefreshAsync, e => _ = DispatchExceptionAsync(e));
        }
    }

    private async Task RefreshAsync()
    {
        var latest = await Progress.GetSummaryAsync(Id);
        var latestCounters = await Progress.GetCountersAsync(Id);
        var now = Time.GetUtcNow();

        // Loaded off the renderer; applied on it, so a render never sees half a refresh. The counters go
        // out first: the heavier reads below (a scan of the broadcast's rows, a page of recipients) must
        // not hold up the numbers the room is watching.
        await InvokeAsync(() =>
        {
            summary = latest;
            counters = latestCounters;
            rate.Add(now, latestCounters.Processed);
            StateHasChanged();
        });

        if (latest is null || now - detailsAt < DetailsEvery || Same(latestCounters, detailsOf) || Interlocked.Exchange(ref detailsLoading, 1) == 1)
        {
            return;
        }

        // In the background, one at a time, so the next counter refresh does not wait for it either.
        _ = Task.Run(async () =>
        {
            try
            {
                var details = await LoadDetailsAsync(latest, latestCounters);
                await InvokeAsync(async () =>
                {
                    ApplyDetails(details);
                    if (recipients is not null)
                    {
                        await recipients.RefreshAsync();
                    }

                    StateHasChanged();
                });
            }
            catch (ObjectDisposedException)
            {
                // The page was closed meanwhile.
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await DispatchExceptionAsync(exception);
            }
            finally
            {
                Volatile.Write(ref detailsLoading, 0);
            }
        });
    }

    private async Task<LoadedDetails> LoadDetailsAsync(BroadcastSummary broadcast, BroadcastCounters of)
    {
        var now = Time.GetUtcNow();
        var start = broadcast.SendingStartedAt ?? broadcast.DecidedAt ?? broadcast.CreatedAt;
        return new(await Details.GetFailureReasonsAsync(Id), await Details.GetTimelineAsync(Id, start, now), now, of);
    }

    private void ApplyDetails(LoadedDetails details)
    {
        failures = details.Failures;
        timeline = details.Timeline;
        detailsAt = details.At;
        detailsOf = details.Of;
    }

    private sealed record LoadedDetails(IReadOnlyList<FailureReason> Failures, IReadOnlyList<TimelinePoint> Timeline, DateTimeOffset At, BroadcastCounters Of);

    private static bool Same(BroadcastCounters a, BroadcastCounters? b) =>
        b is not null && a.Safe == b.Safe && a.NeedsHelp == b.NeedsHelp && a.Statuses.SequenceEqual(b.Statuses);

    private async Task StopLiveAsync()
    {
        if (live is not null)
        {
            await live.DisposeAsync();
            live = null;
        }

        liveFor = null;
    }

    public ValueTask DisposeAsync() => new(StopLiveAsync());
}
