using CrisisConsole.Web.Features.Live;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrisisConsole.Tests.Live;

public sealed class LiveEventHubTests
{
    private sealed record Pinged(int Value);

    private sealed record Other;

    [Fact]
    public void Subscribers_receive_only_their_event_type()
    {
        var hub = new LiveEventHub(NullLogger<LiveEventHub>.Instance);
        var received = new List<int>();
        using var subscription = hub.Subscribe<Pinged>(e => received.Add(e.Value));

        hub.Publish(new Pinged(1));
        hub.Publish(new Other());
        hub.Publish(new Pinged(2));

        Assert.Equal([1, 2], received);
    }

    [Fact]
    public void A_disposed_subscription_receives_nothing_more()
    {
        var hub = new LiveEventHub(NullLogger<LiveEventHub>.Instance);
        var count = 0;
        var subscription = hub.Subscribe<Pinged>(_ => count++);
        hub.Publish(new Pinged(1));

        subscription.Dispose();
        hub.Publish(new Pinged(2));

        Assert.Equal(1, count);
        Assert.Equal(0, hub.SubscriberCount<Pinged>());
    }

    [Fact]
    public void A_failing_handler_does_not_stop_the_others()
    {
        var hub = new LiveEventHub(NullLogger<LiveEventHub>.Instance);
        var reached = false;
        using var broken = hub.Subscribe<Pinged>(_ => throw new InvalidOperationException("broken page"));
        using var healthy = hub.Subscribe<Pinged>(_ => reached = true);

        hub.Publish(new Pinged(1));

        Assert.True(reached);
    }

    [Fact]
    public async Task A_storm_of_events_causes_few_refreshes()
    {
        var refreshes = 0;
        var refreshed = new TaskCompletionSource();
        await using var throttle = new ThrottledRefresh(
            () => { Interlocked.Increment(ref refreshes); refreshed.TrySetResult(); return Task.CompletedTask; },
            _ => { },
            TimeSpan.FromMilliseconds(100));

        for (var i = 0; i < 10_000; i++)
        {
            throttle.MarkDirty();
        }

        await refreshed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // All 10,000 marks landed before the first tick could run twice; a refresh per event would be 10,000.
        Assert.InRange(Volatile.Read(ref refreshes), 1, 2);
    }
}
