using CrisisConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Audit;

/// <summary>
/// Writes audit entries. Prefer <see cref="Add"/> inside the same SaveChanges as the change it
/// describes, so the two are committed together; <see cref="RecordAsync"/> is for events that
/// change nothing else (sign-ins, refusals).
/// </summary>
public sealed class AuditLog(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    public AuditEntry Add(AppDbContext db, AuditActor actor, string action, string? targetType, string? targetId, string? details)
    {
        var entry = Create(actor, action, targetType, targetId, details);
        db.Set<AuditEntry>().Add(entry);
        return entry;
    }

    public async Task RecordAsync(AuditActor actor, string action, string? targetType, string? targetId, string? details, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Set<AuditEntry>().Add(Create(actor, action, targetType, targetId, details));
        await db.SaveChangesAsync(cancellationToken);
    }

    private AuditEntry Create(AuditActor actor, string action, string? targetType, string? targetId, string? details) => new()
    {
        At = clock.GetUtcNow(),
        ActorId = actor.Id,
        ActorName = actor.Name,
        Action = action,
        TargetType = targetType,
        TargetId = targetId,
        Details = details is { Length: > 2000 } ? details[..2000] : details,
    };
}
