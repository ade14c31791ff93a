using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CrisisConsole.Web.Data.Migrations;

/// <summary>
/// The first schema, as SQL (Initial.sql beside this file). Until the first release it may be
/// regenerated from the model: run the tests with CC_REGENERATE_INITIAL_MIGRATION=1
/// (see MigrationSchemaTests). After a release, every change gets a new hand-written migration.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var statement in InitialSchema.Statements())
        {
            migrationBuilder.Sql(statement);
        }

        // The audit log is append-only even for bulk ExecuteUpdate/ExecuteDelete and hand-run SQL,
        // which the SaveChanges interceptor cannot see.
        migrationBuilder.Sql("""
            CREATE TRIGGER "AuditEntries_no_update" BEFORE UPDATE ON "AuditEntries"
            BEGIN SELECT RAISE(ABORT, 'Audit entries are append-only'); END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "AuditEntries_no_delete" BEFORE DELETE ON "AuditEntries"
            BEGIN SELECT RAISE(ABORT, 'Audit entries are append-only'); END;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        throw new NotSupportedException("The initial schema cannot be rolled back; delete the database file instead.");
    }
}

internal static class InitialSchema
{
    public const string ResourceName = "CrisisConsole.Web.Data.Migrations.Initial.sql";

    public static IEnumerable<string> Statements()
    {
        using var stream = typeof(InitialSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var sql = reader.ReadToEnd();
        // Statements are separated by a line holding only "GO;" so that triggers or bodies with ';' survive.
        return sql.Split("\nGO;\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => s.Split('\n').Any(line => line.Length > 0 && !line.StartsWith("--", StringComparison.Ordinal)));
    }
}
