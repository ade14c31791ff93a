namespace CrisisConsole.Web.Features.Live;

/// <summary>
/// Turns a storm of events into a few refreshes a second. Events only mark the page dirty; a timer
/// runs the refresh at most once per interval, never two at a time, so 1,000 events a second
/// re-render a page about four times a second. A component creates one on first render and
/// disposes it in Dispose.
/// </summary>
public sealed class ThrottledRefresh : IAsyncDisposable
{
    private readonly Func<Task> refresh;
    private readonly Action<Exception> onError;
    private readonly PeriodicTimer timer;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private int dirty;

    /// <param name="refresh">Reloads what changed and re-renders; typically wraps ComponentBase.InvokeAsync.</param>
    /// <param name="onError">Where refresh failures go; components pass DispatchExceptionAsync.</param>
    public ThrottledRefresh(Func<Task> refresh, Action<Exception> onError, TimeSpan? interval = null, TimeProvider? clock = null)
    {
        this.refresh = refresh;
        this.onError = onError;
        timer = new PeriodicTimer(interval ?? TimeSpan.FromMilliseconds(250), clock ?? TimeProvider.System);
        loop = RunAsync();
    }

    /// <summary>Cheap and thread-safe: call it from any event handler.</summary>
    public void MarkDirty() => Volatile.Write(ref dirty, 1);

    private async Task RunAsync()
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                if (Interlocked.Exchange(ref dirty, 0) == 0)
                {
                    continue;
                }

                try
                {
                    await refresh();
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    onError(exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        timer.Dispose();
        await loop;
        stopping.Dispose();
    }
}
