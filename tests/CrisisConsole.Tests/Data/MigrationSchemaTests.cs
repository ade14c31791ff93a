using System.Text;
using CrisisConsole.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Data;

/// <summary>
/// The migrations are written by hand, so this is what keeps them honest: a database built by the
/// migrations must have exactly the tables, columns and indexes of one built from the model.
/// Before the first release the initial migration may be regenerated from the model with
/// CC_REGENERATE_INITIAL_MIGRATION=1 (it rewrites src/CrisisConsole.Web/Data/Migrations/Initial.sql).
/// </summary>
public sealed class MigrationSchemaTests
{
    [Fact]
    public async Task Migrated_schema_equals_the_model()
    {
        if (Environment.GetEnvironmentVariable("CC_REGENERATE_INITIAL_MIGRATION") == "1")
        {
            RegenerateInitialMigration();
            return;
        }

        using var migrated = new TestDatabase();
        using var created = new TestDatabase();
        await using (var db = migrated.CreateContext())
        {
            await db.Database.MigrateAsync();
        }

        await using (var db = created.CreateContext())
        {
            await db.Database.EnsureCreatedAsync();
        }

        var expected = await DescribeSchemaAsync(created.ConnectionString);
        var actual = await DescribeSchemaAsync(migrated.ConnectionString);
        Assert.Equal(expected, actual);
    }

    private static void RegenerateInitialMigration()
    {
        using var database = new TestDatabase();
        using var db = database.CreateContext();
        var script = db.Database.GenerateCreateScript();
        var statements = script.Split(";" + Environment.NewLine, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => s.Length > 0)
            .Select(s => s.TrimEnd(';') + ";");
        var sql = new StringBuilder("-- Generated from the EF Core model by MigrationSchemaTests; see Initial.cs.\nGO;\n");
        foreach (var statement in statements)
        {
            sql.Append(statement.ReplaceLineEndings("\n")).Append("\nGO;\n");
        }

        var target = Path.Combine(RepositoryRoot(), "src", "CrisisConsole.Web", "Data", "Migrations", "Initial.sql");
        File.WriteAllText(target, sql.ToString());
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CrisisConsole.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("CrisisConsole.sln not found above the test binaries.");
    }

    /// <summary>Tables with their columns (name, type, nullability, key) and indexes, as sorted text.</summary>
    private static async Task<List<string>> DescribeSchemaAsync(string connectionString)
    {
        var lines = new List<string>();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EFMigrations%' ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT name, type, \"notnull\", pk, dflt_value FROM pragma_table_info($t) ORDER BY name";
                command.Parameters.AddWithValue("$t", table);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    lines.Add($"{table}.{reader.GetString(0)} {reader.GetString(1)} notnull={reader.GetInt64(2)} pk={reader.GetInt64(3)} default={(reader.IsDBNull(4) ? "" : reader.GetString(4))}");
                }
            }

            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT name, \"unique\" FROM pragma_index_list($t) WHERE origin = 'c' ORDER BY name";
                command.Parameters.AddWithValue("$t", table);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    lines.Add($"{table} index {reader.GetString(0)} unique={reader.GetInt64(1)}");
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
