using CrisisConsole.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrisisConsole.Tests.Infrastructure;

/// <summary>A SQLite file of its own for one test, deleted afterwards.</summary>
public sealed class TestDatabase : IDisposable
{
    public TestDatabase()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cc-tests", Guid.NewGuid().ToString("N") + ".db");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
    }

    public string Path { get; }

    public string ConnectionString => $"Data Source={Path};Pooling=False";

    public AppDbContext CreateContext() => new(new DbContextOptionsBuilder<AppDbContext>()
        .UseSqlite(ConnectionString)
        .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
        .Options);

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                File.Delete(Path + suffix);
            }
            catch (IOException)
            {
                // A file still held by a pooled connection is left in the temp folder.
            }
        }
    }
}
