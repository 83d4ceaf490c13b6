using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Gatehouse.Grains.Messages.Postgres;
using Gatehouse.Grains.Messages.Sqlite;

namespace Gatehouse.Devices.Tests.Messages.Store;

/// <summary>The message schema lives twice, as the C# the silo runs and as deploy/schema/*-messages.sql for operators; these keep the two the same.</summary>
public sealed partial class MessageSchemaScriptTests
{
    [Fact]
    public void Deploy_sqlite_messages_script_matches_the_schema_the_silo_applies()
        => Assert.Equal(Normalize(SqliteMessageSchema.Script), Normalize(File.ReadAllText(DeployScript("sqlite-messages.sql"))));

    [Fact]
    public void Deploy_postgresql_messages_script_matches_the_schema_the_silo_applies_and_names_its_lock()
    {
        var script = File.ReadAllText(DeployScript("postgresql-messages.sql"));
        Assert.Equal(Normalize(PostgresMessageSchema.Script), Normalize(script));
        Assert.Contains($"pg_advisory_xact_lock({PostgresMessageSchema.MigrationLockKey})", script);
    }

    [Fact]
    public void Both_dialects_have_the_same_tables_and_columns()
        // PostgreSQL numbers messages with a SEQUENCE; SQLite has none, so a one-row table stands in.
        // SQLite's inbox (append-ordered, compacted into messages) has no PostgreSQL counterpart.
        => Assert.Equal(
            Columns(SqliteMessageSchema.Script).Where(c => !c.StartsWith("message_sequence.", StringComparison.Ordinal) && !c.StartsWith("message_inbox.", StringComparison.Ordinal)),
            Columns(PostgresMessageSchema.Script));

    private static string Normalize(string sql) => Whitespace().Replace(Comment().Replace(sql, " "), " ").Trim();

    private static string[] Columns(string sql) =>
        [.. CreateTable().Matches(Comment().Replace(sql, " ")).SelectMany(table => table.Groups["body"].Value.Split('\n')
            .Select(line => line.Trim().Split(' ', 2)[0])
            .Where(name => name.Length > 0 && name is not ("PRIMARY" or "UNIQUE"))
            .Select(name => $"{table.Groups["name"].Value}.{name.TrimEnd(',')}"))];

    private static string DeployScript(string name, [CallerFilePath] string here = "")
        => Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "..", "deploy", "schema", name);

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex Comment();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"CREATE TABLE IF NOT EXISTS (?<name>\w+) \((?<body>.*?)\n\s*\)", RegexOptions.Singleline)]
    private static partial Regex CreateTable();
}
