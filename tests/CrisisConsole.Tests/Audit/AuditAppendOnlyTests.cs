using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Audit;

public sealed class AuditAppendOnlyTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    [Fact]
    public async Task An_audit_entry_cannot_be_updated()
    {
        var id = await RecordAsync("original");
        await using var db = factory.CreateDbContext();
        var entry = await db.Set<AuditEntry>().SingleAsync(e => e.Id == id);
        entry.Details = "rewritten";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        Assert.Contains("append-only", error.Message);
        Assert.Equal("original", await DetailsAsync(id));
    }

    [Fact]
    public async Task An_audit_entry_cannot_be_deleted()
    {
        var id = await RecordAsync("keep me");
        await using var db = factory.CreateDbContext();
        db.Set<AuditEntry>().Remove(await db.Set<AuditEntry>().SingleAsync(e => e.Id == id));

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        Assert.Equal("keep me", await DetailsAsync(id));
    }

    [Fact]
    public async Task An_audit_entry_is_refused_even_beside_a_legitimate_change()
    {
        var id = await RecordAsync("before");
        var audit = factory.Services.GetRequiredService<AuditLog>();
        await using var db = factory.CreateDbContext();
        var entry = await db.Set<AuditEntry>().SingleAsync(e => e.Id == id);
        audit.Add(db, AuditActor.System, AuditActions.SegmentCreated, "Segment", "1", "a new, legitimate entry");
        entry.ActorName = "someone else";

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        await using var check = factory.CreateDbContext();
        Assert.False(await check.Set<AuditEntry>().AnyAsync(e => e.Details == "a new, legitimate entry"));
    }

    private async Task<long> RecordAsync(string details)
    {
        var audit = factory.Services.GetRequiredService<AuditLog>();
        await using var db = factory.CreateDbContext();
        var entry = audit.Add(db, AuditActor.System, AuditActions.ContactUpdated, "Contact", Guid.NewGuid().ToString("N"), details);
        await db.SaveChangesAsync();
        return entry.Id;
    }

    private async Task<string?> DetailsAsync(long id)
    {
        await using var db = factory.CreateDbContext();
        return await db.Set<AuditEntry>().Where(e => e.Id == id).Select(e => e.Details).SingleAsync();
    }
}
