using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Membership.Postgres;
using Gatehouse.Runtime.Persistence;
using Gatehouse.Runtime.Persistence.Postgres;
using Gatehouse.Runtime.Placement;
using Gatehouse.Runtime.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Runtime.Membership;

public static class SiloBuilderClusteringExtensions
{
    public const string MembershipKey = ClusterMembershipOptions.SectionName + ":Membership";
    public const string ConnectionStringKey = ClusterMembershipOptions.SectionName + ":Postgres:ConnectionString";

    private const string StorageProviderKey = SiloBuilderConfigurationExtensions.StorageSectionName + ":Provider";
    private const string StorageConnectionStringKey = SiloBuilderConfigurationExtensions.StorageSectionName + ":Postgres:ConnectionString";
    private const string None = "None";
    private const string Postgres = "Postgres";

    /// <summary>
    /// Makes the silo a member of a cluster whose membership table is in PostgreSQL: the table and
    /// its schema, heartbeats and probes (<see cref="ClusterMembershipOptions"/>, bound from
    /// <c>Gatehouse:Cluster</c> when the host has configuration, then <paramref name="configure"/>),
    /// rendezvous placement over the active silos, and the TCP transport (<c>UseTcpTransport</c>,
    /// options from <c>Gatehouse:Silo:Transport</c>). Grain state must be in a PostgreSQL database
    /// every silo shares; the membership tables go to
    /// <see cref="ClusterMembershipOptions.Postgres"/>, by default the default grain storage's database.
    /// </summary>
    public static SiloBuilder UsePostgresClustering(this SiloBuilder silo, Action<ClusterMembershipOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        var options = services.AddOptions<ClusterMembershipOptions>();
        var first = !services.Any(d => d.ServiceType == typeof(ClusterMembershipService));
        if (first && silo.Configuration is not null)
        {
            options.Bind(silo.Configuration.GetSection(ClusterMembershipOptions.SectionName));
        }
        if (configure is not null)
        {
            options.Configure(configure);
        }
        if (!first)
        {
            return silo;
        }

        services.AddSingleton(sp => new PostgresMembershipTable(MembershipConnections(sp), SiloBuilderStorageExtensions.GetServiceId(sp)));
        services.AddSingleton<ClusterMembershipService>();
        // Replaces a cluster of one, whichever way it was registered.
        services.RemoveAll<IMembershipService>();
        services.AddSingleton<IMembershipService>(sp => sp.GetRequiredService<ClusterMembershipService>());
        // A placement registered before (a test double) wins.
        services.TryAddSingleton<IPlacementDirector, RendezvousPlacementDirector>();
        services.AddSingleton<ISiloStartupTask>(sp =>
            new PostgresMembershipSchemaInitializer(MembershipConnections(sp), sp.GetService<ILoggerFactory>()?.CreateLogger<PostgresMembershipSchemaInitializer>()));
        services.AddSingleton<ISiloStartupTask>(sp => sp.GetRequiredService<ClusterMembershipService>());
        services.AddSingleton<ISiloLifecycleParticipant>(sp => sp.GetRequiredService<ClusterMembershipService>());
        services.AddSingleton<ISiloLifecycleParticipant, ClusterReactions>();
        services.AddSingleton<ISiloHealthCheck>(sp => new MembershipHealthCheck(sp.GetRequiredService<ClusterMembershipService>()));
        return silo.UseTcpTransport();
    }

    /// <summary>
    /// Chooses the silo's membership from configuration: <c>Gatehouse:Cluster:Membership</c> is
    /// <c>None</c> (the default: a cluster of one, no transport; this call does nothing) or
    /// <c>Postgres</c> (<see cref="UsePostgresClustering"/>, with the table in
    /// <c>Gatehouse:Cluster:Postgres:ConnectionString</c>, by default
    /// <c>Gatehouse:Storage:Postgres:ConnectionString</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">An unknown membership, a cluster whose grain
    /// state is not in PostgreSQL, or no connection string: thrown here so that a misconfigured
    /// process fails at start-up, where the operator is looking.</exception>
    public static SiloBuilder UseConfiguredClustering(this SiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var membership = configuration[MembershipKey];
        if (string.IsNullOrWhiteSpace(membership) || membership.Equals(None, StringComparison.OrdinalIgnoreCase))
        {
            return silo;
        }
        if (!membership.Equals(Postgres, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{MembershipKey} is '{membership}', which is not a membership. Allowed values (case-insensitive): {None} (the default: a cluster of one), {Postgres}.");
        }
        var provider = configuration[StorageProviderKey];
        if (!Postgres.Equals(provider, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{MembershipKey} is {Postgres}, but {StorageProviderKey} is '{provider ?? "Sqlite (the default)"}'. A cluster keeps grain state and " +
                $"reminders in one PostgreSQL database every silo shares: set {StorageProviderKey}={Postgres} and {StorageConnectionStringKey}.");
        }
        var connectionString = configuration[ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration[StorageConnectionStringKey];
        }
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{MembershipKey} is {Postgres} but neither {ConnectionStringKey} nor {StorageConnectionStringKey} is set.");
        }
        return silo.UsePostgresClustering(options =>
        {
            configuration.GetSection(ClusterMembershipOptions.SectionName).Bind(options);
            options.Postgres.ConnectionString = connectionString;
        });
    }

    private static PostgresConnectionFactory MembershipConnections(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        if (!string.IsNullOrWhiteSpace(options.Postgres.ConnectionString))
        {
            return new PostgresConnectionFactory(options.Postgres, "cluster membership");
        }
        // By default the membership table sits next to the grain state.
        var storage = services.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(GrainStorageNames.Default);
        if (string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            throw new InvalidOperationException(
                $"Cluster membership has no PostgreSQL connection string: set {ConnectionStringKey} (ClusterMembershipOptions.Postgres.ConnectionString), " +
                "or keep the default grain storage in PostgreSQL (AddPostgresGrainStorage), whose database it then uses.");
        }
        return new PostgresConnectionFactory(storage, "cluster membership");
    }
}
