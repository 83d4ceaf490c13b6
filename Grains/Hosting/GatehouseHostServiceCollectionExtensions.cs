using Gatehouse.Grains;
using Gatehouse.Grains.Identity;
using Gatehouse.Runtime.Membership;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Next to AddGatehouseSilo, which these build on.
namespace Gatehouse.Runtime.Hosting;

/// <summary>
/// The one registration of a Gatehouse grain host, shared by the Silo executable and the
/// gateway's embedded silo, so the two can never host the grains with different providers or
/// options; and of a gateway that is only a cluster client.
/// </summary>
public static class GatehouseHostServiceCollectionExtensions
{
    private const string ClusterRoleKey = "Gatehouse:Cluster:Role";

    /// <summary>
    /// A silo hosting every Gatehouse grain: the identity services the grains use, storage and
    /// reminders, the audit log, the message store and its options, secure registration options,
    /// all chosen by <paramref name="configuration"/> (README: "Configuration").
    /// <paramref name="configureSilo"/> runs last (tests replace providers there).
    /// </summary>
    /// <exception cref="InvalidOperationException">The configuration names an unknown provider or leaves out a connection string.</exception>
    public static IServiceCollection AddGatehouseGrainSilo(this IServiceCollection services, IConfiguration configuration, Action<SiloBuilder>? configureSilo = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        // A process that hosts grains with the Client role would own nothing and keep no membership
        // row, yet serve as if it were a silo: refuse the contradiction where the operator looks.
        if (configuration[ClusterRoleKey] is { } role && role.Trim().Equals(nameof(ClusterRole.Client), StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{ClusterRoleKey} is Client, but this process hosts grains (a Silo, or a Gateway in Embedded mode). " +
                "For a gateway that hosts no grains set Gatehouse:Gateway:Mode=Client instead (it sets the role itself); otherwise remove the setting.");
        }
        services.AddGatehouseIdentity(configuration);
        return services.AddGatehouseSilo(configuration, silo =>
        {
            silo.AddGrainsFromAssembly(GrainsAssembly.Assembly)
                .UseConfiguredProviders(configuration)
                .UseConfiguredAuditLog(configuration)
                .AddMessageOptions(configuration)
                .AddSecureRegistrationOptions(configuration)
                .UseConfiguredMessageStore(configuration)
                .UseConfiguredClustering(configuration);
            configureSilo?.Invoke(silo);
        });
    }

    /// <summary>
    /// A cluster client (<see cref="ClusterRole.Client"/>) of the silos in the PostgreSQL membership
    /// table: it knows the grain types (to name grains) but is never chosen to host one, so it has no
    /// grain storage, reminders or message store. It keeps what a gateway uses itself: the identity
    /// options, the message options (feed lifetimes) and the audit log, which it writes directly.
    /// The transport still listens, because grains call observers (live feeds) back on it.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>Gatehouse:Cluster:Membership</c> is not
    /// <c>Postgres</c> (a client has no silos to call without it), or storage is not PostgreSQL.</exception>
    public static IServiceCollection AddGatehouseClusterClient(this IServiceCollection services, IConfiguration configuration, Action<SiloBuilder>? configureSilo = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var membership = configuration[SiloBuilderClusteringExtensions.MembershipKey];
        if (!"Postgres".Equals(membership, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"A cluster client finds its silos in the PostgreSQL membership table, but {SiloBuilderClusteringExtensions.MembershipKey} is " +
                $"'{(string.IsNullOrWhiteSpace(membership) ? "None (the default)" : membership)}'. Set it to Postgres (and Gatehouse:Storage to the cluster's " +
                "PostgreSQL database), or run the gateway with its embedded silo (Gatehouse:Gateway:Mode=Embedded).");
        }
        services.AddGatehouseIdentityOptions(configuration);
        return services.AddGatehouseSilo(configuration, silo =>
        {
            silo.AddGrainsFromAssembly(GrainsAssembly.Assembly)
                .UseConfiguredAuditLog(configuration)
                .AddMessageOptions(configuration)
                .UseConfiguredClustering(configuration);
            silo.Services.Configure<ClusterMembershipOptions>(options => options.Role = ClusterRole.Client);
            configureSilo?.Invoke(silo);
        });
    }
}
