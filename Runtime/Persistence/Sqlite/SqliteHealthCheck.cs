using Gatehouse.Runtime.Hosting;

namespace Gatehouse.Runtime.Persistence.Sqlite;

/// <summary>Reports whether the SQLite database can be opened and queried.</summary>
public sealed class SqliteHealthCheck : ISiloHealthCheck
{
    private readonly SqliteConnectionFactory _connections;

    public SqliteHealthCheck(string name, SqliteStorageOptions options)
        : this(name, new SqliteConnectionFactory(options))
    {
    }

    internal SqliteHealthCheck(string name, SqliteConnectionFactory connections)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _connections = connections;
    }

    public string Name { get; }

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1;";
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The path and SQLite's own message are all the operator needs; a SQLite connection
            // string may carry a password, so it is never echoed.
            return $"SQLite database {_connections.DatabasePath} is unavailable: {ex.Message}";
        }
    }
}
