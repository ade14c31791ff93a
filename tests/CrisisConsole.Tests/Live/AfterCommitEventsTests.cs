using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Live;

/// <summary>Events wait on their transaction: published when it commits, dropped when it does not.</summary>
public sealed class AfterCommitEventsTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private sealed record Committed(Guid Id);

    private LiveEventHub Hub => factory.Services.GetRequiredService<LiveEventHub>();

    private AfterCommitEvents Events => factory.Services.GetRequiredService<AfterCommitEvents>();

    [Fact]
    public async Task An_event_is_published_when_its_transaction_commits_and_not_before()
    {
        var id = Guid.NewGuid();
        var seen = new List<Guid>();
        using var subscription = Hub.Subscribe<Committed>(e => seen.Add(e.Id));
        await using var db = factory.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();

        Events.Publish(db, new Committed(id));
        Assert.Empty(seen);
        Assert.Equal(1, Events.PendingCount(transaction.GetDbTransaction()));
        await transaction.CommitAsync();

        Assert.Equal([id], seen);
    }

    [Fact]
    public async Task An_event_of_a_rolled_back_or_abandoned_transaction_is_never_published()
    {
        var seen = 0;
        using var subscription = Hub.Subscribe<Committed>(_ => Interlocked.Increment(ref seen));
        await using (var db = factory.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Events.Publish(db, new Committed(Guid.NewGuid()));
            await transaction.RollbackAsync();
        }

        await using (var db = factory.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Events.Publish(db, new Committed(Guid.NewGuid()));
        }

        // A later transaction committing does not release someone else's events.
        await using (var db = factory.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await transaction.CommitAsync();
        }

        Assert.Equal(0, seen);
    }

    [Fact]
    public async Task Publishing_without_a_transaction_is_refused()
    {
        await using var db = factory.CreateDbContext();

        Assert.Throws<InvalidOperationException>(() => Events.Publish(db, new Committed(Guid.NewGuid())));
    }
}
