using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Audit;

/// <summary>A schema of its own for the audit query tests, without starting the whole app.</summary>
internal sealed class AuditTestDatabase : IDbContextFactory<AppDbContext>, IDisposable
{
    private readonly TestDatabase database = new();

    public AuditTestDatabase()
    {
        using var db = database.CreateContext();
        db.Database.EnsureCreated();
    }

    public AppDbContext CreateDbContext() => database.CreateContext();

    public void Dispose() => database.Dispose();
}
