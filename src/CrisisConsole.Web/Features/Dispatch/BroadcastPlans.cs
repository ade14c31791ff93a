using System.Collections.Concurrent;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>
/// The <see cref="BroadcastPlan"/> of each broadcast being sent, loaded once and kept while it sends.
/// What a plan holds (template, values, policy) is frozen at approval, so it never goes stale.
/// </summary>
public sealed class BroadcastPlans(IDbContextFactory<AppDbContext> contexts, IOptions<DispatchOptions> options)
{
    private readonly ConcurrentDictionary<int, BroadcastPlan> plans = new();

    /// <summary>The plan, or null when the broadcast or its template no longer exists.</summary>
    public async ValueTask<BroadcastPlan?> GetAsync(int broadcastId, CancellationToken cancellationToken)
    {
        if (plans.TryGetValue(broadcastId, out var plan))
        {
            return plan;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var broadcast = await db.Set<Broadcast>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == broadcastId, cancellationToken);
        if (broadcast is null)
        {
            return null;
        }

        var template = await db.Set<MessageTemplate>().AsNoTracking().Include(t => t.Variants)
            .SingleOrDefaultAsync(t => t.Id == broadcast.TemplateId, cancellationToken);
        if (template is null)
        {
            return null;
        }

        plan = new BroadcastPlan(broadcast, template, TimeSpan.FromMinutes(options.Value.DefaultSmsFallbackMinutes));
        return plans.GetOrAdd(broadcastId, plan);
    }

    /// <summary>Drops a finished broadcast's plan.</summary>
    public void Forget(int broadcastId) => plans.TryRemove(broadcastId, out _);
}
