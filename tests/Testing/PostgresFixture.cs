using System.Collections.Concurrent;
using Gatehouse.TestingHost;

namespace Gatehouse.Tests.Hosting;

/// <summary>
/// One throwaway PostgreSQL server for this test assembly's run, shared by every test class in
/// the <see cref="Collection"/> collection (<c>[Collection(PostgresFixture.Collection)]</c>, with the
/// fixture as a constructor parameter). Starting it fails, rather than skips, when PostgreSQL is
/// not installed: a suite that silently skips its database tests proves nothing.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string Collection = "postgres";

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _databases = new();
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL fixture has not started.");

    /// <summary>
    /// A connection string to the database of this name, created on first request. Test classes
    /// share a database by name and keep apart by using their own <c>ServiceId</c>s or keys.
    /// </summary>
    public Task<string> GetDatabaseAsync(string name)
        => _databases.GetOrAdd(name, n => new Lazy<Task<string>>(() => Server.CreateDatabaseAsync(n))).Value;

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
