using System.Collections.Immutable;

namespace CrisisConsole.Web.Features.Live;

/// <summary>
/// In-process publish/subscribe for live updates (delivery statuses, check-ins, the inbox, the
/// approval queue). Publishing is a synchronous fan-out to handlers that must only record the event
/// and return (see <see cref="ThrottledRefresh"/>): the webhook and dispatch hot paths call it.
/// </summary>
public sealed partial class LiveEventHub(ILogger<LiveEventHub> logger)
{
    private ImmutableDictionary<Type, ImmutableArray<Subscription>> subscriptions = ImmutableDictionary<Type, ImmutableArray<Subscription>>.Empty;

    public IDisposable Subscribe<TEvent>(Action<TEvent> handler) where TEvent : class
    {
        var subscription = new Subscription(this, typeof(TEvent), e => handler((TEvent)e));
        ImmutableInterlocked.AddOrUpdate(ref subscriptions, typeof(TEvent), [subscription], (_, list) => list.Add(subscription));
        return subscription;
    }

    public void Publish<TEvent>(TEvent liveEvent) where TEvent : class
    {
        if (!subscriptions.TryGetValue(typeof(TEvent), out var handlers))
        {
            return;
        }

        foreach (var subscription in handlers)
        {
            try
            {
                subscription.Handler(liveEvent);
            }
            catch (Exception exception)
            {
                // A broken page must not break the webhook or the dispatcher that published.
                LogHandlerFailed(logger, typeof(TEvent).Name, exception);
            }
        }
    }

    public int SubscriberCount<TEvent>() => subscriptions.TryGetValue(typeof(TEvent), out var list) ? list.Length : 0;

    private void Remove(Subscription subscription) =>
        ImmutableInterlocked.AddOrUpdate(ref subscriptions, subscription.EventType, [], (_, list) => list.Remove(subscription));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live-update handler for {EventType} failed")]
    private static partial void LogHandlerFailed(ILogger logger, string eventType, Exception exception);

    private sealed class Subscription(LiveEventHub hub, Type eventType, Action<object> handler) : IDisposable
    {
        private int disposed;

        public Type EventType { get; } = eventType;

        public Action<object> Handler { get; } = handler;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                hub.Remove(this);
            }
        }
    }
}
