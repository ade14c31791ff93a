using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Audit;

public sealed class AuditTriggerTests
{
    [Fact]
    public async Task Bulk_updates_and_deletes_of_audit_entries_are_refused_by_the_database()
    {
        using var database = new TestDatabase();
        await using var db = database.CreateContext();
        await db.Database.MigrateAsync();
        db.Set<AuditEntry>().Add(new AuditEntry { At = DateTimeOffset.UtcNow, ActorId = "a", ActorName = "a", Action = "test" });
        await db.SaveChangesAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => db.Set<AuditEntry>().ExecuteUpdateAsync(s => s.SetProperty(e => e.Action, "forged")));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Set<AuditEntry>().ExecuteDeleteAsync());

        Assert.Equal("test", (await db.Set<AuditEntry>().AsNoTracking().SingleAsync()).Action);
    }
}
