using CrisisConsole.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Data;

public static class DataRegistration
{
    public static void AddData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // A factory, not a scoped context: a Blazor circuit lives for hours and background loops run
        // concurrently, so every operation takes a short-lived context of its own. Pooled, because the
        // hot paths (send outcomes, webhooks) take thousands a second and setting up a new context's
        // internal services cost more than their SQL; a returned context is reset (change tracker and
        // its settings cleared), so it is as good as new.
        builder.Services.AddPooledDbContextFactory<AppDbContext>((services, options) =>
        {
            var connectionString = services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString;
            options.UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(60));
            options.AddInterceptors(SqlitePragmaInterceptor.Instance);
            options.AddInterceptors(services.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
            // Migrations are written by hand (no design-time package on the feed); the schema test
            // (MigrationSchemaTests) is what keeps them equal to the model, so EF's snapshot check is off.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        });
        // Identity's stores take a scoped AppDbContext: one from the pool, returned when the scope ends.
        builder.Services.AddScoped(services => services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        builder.Services.AddScoped<IStartupInitializer, DatabaseMigrator>();
    }
}

/// <summary>Creates the data folder and applies migrations on start.</summary>
internal sealed partial class DatabaseMigrator(IDbContextFactory<AppDbContext> contexts, IOptions<DatabaseOptions> options, ILogger<DatabaseMigrator> logger)
    : IStartupInitializer
{
    public int Order => StartupOrder.Database;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var dataSource = new SqliteConnectionStringBuilder(options.Value.ConnectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, pending.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready; {Count} migration(s) applied")]
    private static partial void LogMigrated(ILogger logger, int count);
}
