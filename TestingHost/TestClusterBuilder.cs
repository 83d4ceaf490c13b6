using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.TestingHost;

/// <summary>
/// Describes an in-process cluster for integration tests. Silos are full generic hosts with the
/// same runtime, storage providers and options a deployed silo has; nothing is mocked.
/// </summary>
public sealed class TestClusterBuilder
{
    internal List<Action<SiloBuilder>> SiloConfigurations { get; } = [];

    internal List<Action<IServiceCollection>> ServiceConfigurations { get; } = [];

    internal List<Action<SiloOptions>> OptionConfigurations { get; } = [];

    internal List<Action<ClusterMembershipOptions>> ClusteringConfigurations { get; } = [];

    /// <summary>
    /// Whether the silos form a real cluster (<see cref="UseClustering"/>): TCP transport on
    /// loopback and PostgreSQL membership. Default: false (silos share storage but each is a
    /// cluster of one, placing every grain on itself).
    /// </summary>
    public bool Clustering { get; set; }

    /// <summary>How many silos <see cref="TestCluster.DeployAsync"/> starts. Default: 1.</summary>
    public int InitialSilosCount { get; set; } = 1;

    /// <summary>Default: <see cref="TestClusterStorage.Memory"/>.</summary>
    public TestClusterStorage Storage { get; set; } = TestClusterStorage.Memory;

    /// <summary>
    /// Where the SQLite file lives when <see cref="Storage"/> is Sqlite. Default: a new temporary
    /// directory, deleted when the cluster is disposed. A directory set here is left in place, so
    /// a test can start a second cluster on the same file.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>Required when <see cref="Storage"/> is Postgres.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Adds grain classes, providers or settings to every silo.</summary>
    public TestClusterBuilder ConfigureSilo(Action<SiloBuilder> configure)
    {
        SiloConfigurations.Add(configure);
        return this;
    }

    /// <summary>Adds services (a TimeProvider, a logger provider, …) to every silo.</summary>
    public TestClusterBuilder ConfigureServices(Action<IServiceCollection> configure)
    {
        ServiceConfigurations.Add(configure);
        return this;
    }

    public TestClusterBuilder ConfigureOptions(Action<SiloOptions> configure)
    {
        OptionConfigurations.Add(configure);
        return this;
    }

    public TestClusterBuilder UseSqlite(string? dataDirectory = null)
    {
        Storage = TestClusterStorage.Sqlite;
        DataDirectory = dataDirectory;
        return this;
    }

    public TestClusterBuilder UsePostgres(string connectionString)
    {
        Storage = TestClusterStorage.Postgres;
        PostgresConnectionString = connectionString;
        return this;
    }

    /// <summary>
    /// Makes the silos one cluster: each listens on a free loopback port (<c>UseTcpTransport</c>,
    /// port 0) and joins PostgreSQL membership (<c>UsePostgresClustering</c>, in the
    /// <see cref="UsePostgres"/> database) under a <c>ServiceId</c> unique to this cluster, so
    /// clusters of parallel tests never see each other. <paramref name="configure"/> may shorten the
    /// timings; by default they are the production defaults.
    /// </summary>
    public TestClusterBuilder UseClustering(Action<ClusterMembershipOptions>? configure = null)
    {
        Clustering = true;
        if (configure is not null)
        {
            ClusteringConfigurations.Add(configure);
        }
        return this;
    }

    public TestCluster Build()
    {
        if (Clustering && Storage != TestClusterStorage.Postgres)
        {
            throw new InvalidOperationException("UseClustering needs UsePostgres: membership and grain state live in PostgreSQL.");
        }
        if (InitialSilosCount < 1)
        {
            throw new InvalidOperationException("A test cluster needs at least one silo.");
        }
        if (Storage == TestClusterStorage.Postgres && string.IsNullOrEmpty(PostgresConnectionString))
        {
            throw new InvalidOperationException("Postgres storage needs PostgresConnectionString (start one with PostgresServer.StartAsync).");
        }
        return new TestCluster(this);
    }
}
