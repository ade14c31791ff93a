using CrisisConsole.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Data;

/// <summary>
/// The one database context. Each feature keeps its entities and their IEntityTypeConfiguration in
/// its own folder; they are picked up from this assembly, so adding an entity never touches this file.
/// Use <c>Set&lt;T&gt;()</c> for feature entities.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<AppUser, IdentityRole, string>(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored as their names so the database reads on its own and survives reordering.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        // SQLite cannot compare or order DateTimeOffset; Unix milliseconds keep both working.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcUnixMillisecondsConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcUnixMillisecondsConverter>();
    }
}
