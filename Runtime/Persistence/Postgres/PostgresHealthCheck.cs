using Gatehouse.Runtime.Hosting;
using Npgsql;

namespace Gatehouse.Runtime.Persistence.Postgres;

/// <summary>Reports whether the PostgreSQL database can be reached and queried.</summary>
public sealed class PostgresHealthCheck : ISiloHealthCheck
{
    private readonly PostgresConnectionFactory _connections;

    public PostgresHealthCheck(string name, PostgresStorageOptions options)
        : this(name, new PostgresConnectionFactory(options, name))
    {
    }

    internal PostgresHealthCheck(string name, PostgresConnectionFactory connections)
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
            // Npgsql and server messages name hosts, users and SQL states, never the password;
            // the connection string itself is not echoed.
            var reason = ex is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : ex.Message;
            return $"PostgreSQL database {_connections.DisplayName} is unavailable: {reason}";
        }
    }
}
