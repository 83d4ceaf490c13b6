using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Gatehouse.Runtime.Membership.Postgres;
using Gatehouse.Runtime.Persistence.Postgres;
using Gatehouse.Runtime.Persistence.Sqlite;

namespace Gatehouse.Runtime.Tests.Persistence;

/// <summary>
/// The schema lives twice: as C# constants the silo runs, and as deploy/schema/*.sql for
/// operators. These tests keep the two saying the same thing (comments and layout aside).
/// </summary>
public sealed partial class SchemaScriptTests
{
    [Fact]
    public void Deploy_sqlite_script_matches_the_schema_the_silo_applies()
        => Assert.Equal(Normalize(SqliteSchema.Script), Normalize(File.ReadAllText(DeployScript("sqlite.sql"))));

    [Fact]
    public void Deploy_postgresql_script_matches_the_schema_the_silo_applies()
        => Assert.Equal(Normalize(PostgresSchema.Script), Normalize(File.ReadAllText(DeployScript("postgresql.sql"))));

    [Fact]
    public void Deploy_postgresql_script_names_the_migration_lock_the_silo_takes()
        => Assert.Contains(
            $"pg_advisory_xact_lock({PostgresSchema.MigrationLockKey})",
            File.ReadAllText(DeployScript("postgresql.sql")));

    [Fact]
    public void Deploy_postgresql_membership_script_matches_the_schema_the_silo_applies_and_names_its_lock()
    {
        var script = File.ReadAllText(DeployScript("postgresql-membership.sql"));
        Assert.Equal(Normalize(PostgresMembershipSchema.Script), Normalize(script));
        Assert.Contains($"pg_advisory_xact_lock({PostgresMembershipSchema.MigrationLockKey})", script);
    }

    [Fact]
    public void Migrations_are_numbered_one_up_without_gaps()
    {
        Assert.Equal(Enumerable.Range(1, PostgresMembershipSchema.Migrations.Count), PostgresMembershipSchema.Migrations.Select(m => m.Version));
        Assert.Equal(Enumerable.Range(1, SqliteSchema.Migrations.Count), SqliteSchema.Migrations.Select(m => m.Version));
        Assert.Equal(Enumerable.Range(1, PostgresSchema.Migrations.Count), PostgresSchema.Migrations.Select(m => m.Version));
    }

    [Fact]
    public void Both_schemas_define_the_same_tables_and_columns()
    {
        Assert.Equal(Columns(SqliteSchema.Script), Columns(PostgresSchema.Script));
    }

    private static string Normalize(string sql)
        => Whitespace().Replace(Comment().Replace(sql, " "), " ").Trim();

    /// <summary>"table.column" for every column definition, in order.</summary>
    private static string[] Columns(string sql)
    {
        var columns = new List<string>();
        foreach (Match table in CreateTable().Matches(Comment().Replace(sql, " ")))
        {
            foreach (var line in table.Groups["body"].Value.Split('\n'))
            {
                var name = line.Trim().Split(' ', 2)[0];
                if (name.Length > 0 && name != "PRIMARY")
                {
                    columns.Add($"{table.Groups["name"].Value}.{name}");
                }
            }
        }
        return [.. columns];
    }

    private static string DeployScript(string fileName, [CallerFilePath] string sourceFile = "")
    {
        // Walk up from this source file (and, failing that, from the test binaries) to the
        // repository root, which is where the solution file is.
        foreach (var start in new[] { Path.GetDirectoryName(sourceFile), AppContext.BaseDirectory })
        {
            for (var directory = start is null ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Orleans.sln")))
                {
                    return Path.Combine(directory.FullName, "deploy", "schema", fileName);
                }
            }
        }
        throw new FileNotFoundException($"Could not find the repository root (Orleans.sln) to read deploy/schema/{fileName}.");
    }

    [GeneratedRegex("--[^\n]*")]
    private static partial Regex Comment();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"CREATE TABLE IF NOT EXISTS (?<name>\w+) \((?<body>.*?)\n\s*\);", RegexOptions.Singleline)]
    private static partial Regex CreateTable();
}
