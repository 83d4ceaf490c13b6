using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Runtime.Persistence.Sqlite;

/// <summary>
/// Opens connections to one SQLite database with the per-connection settings every provider
/// needs. Shared by grain storage, the reminder table, the schema task and the health check so
/// that they all agree on the file and on the pragmas. Public because stores outside the runtime
/// (the audit log in Gatehouse.Grains) keep tables in the same database and must agree too.
/// </summary>
public sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly string? _directory;
    private volatile bool _directoryCreated;

    public SqliteConnectionFactory(SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Synchronous))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Synchronous, "Unknown SQLite synchronous mode.");
        }
        if (options.BusyTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BusyTimeout, "The SQLite busy timeout cannot be negative.");
        }

        SqliteConnectionStringBuilder builder;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.DataDirectory) || string.IsNullOrWhiteSpace(options.FileName))
            {
                throw new ArgumentException("SqliteStorageOptions needs either a ConnectionString or both a DataDirectory and a FileName.", nameof(options));
            }
            builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(options.DataDirectory, options.FileName) };
        }

        _connectionString = builder.ConnectionString;
        var isFile = builder.Mode != SqliteOpenMode.Memory
            && !string.IsNullOrEmpty(builder.DataSource)
            && builder.DataSource != ":memory:"
            && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        if (isFile)
        {
            DatabasePath = Path.GetFullPath(builder.DataSource);
            _directory = Path.GetDirectoryName(DatabasePath);
        }
        else
        {
            DatabasePath = builder.DataSource;
        }

        // Both pragmas are per connection (unlike journal_mode, which the file remembers), so
        // they are applied on every open; pooled connections make that a cheap native call.
        var busyMilliseconds = (long)Math.Min(options.BusyTimeout.TotalMilliseconds, int.MaxValue);
        _pragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {busyMilliseconds}; PRAGMA synchronous = {options.Synchronous.ToString().ToUpperInvariant()};");
    }

    /// <summary>The database file's full path (or the in-memory name). Safe to log: never holds a password.</summary>
    public string DatabasePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_directoryCreated && _directory is { Length: > 0 })
        {
            Directory.CreateDirectory(_directory);
            _directoryCreated = true;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
