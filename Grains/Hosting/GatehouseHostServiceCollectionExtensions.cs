using Gatehouse.Grains;
using Gatehouse.Grains.Identity;
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
        services.AddGatehouseIdentity(configuration);
        return services.AddGatehouseSilo(configuration, silo =>
        {
            silo.AddGrainsFromAssembly(GrainsAssembly.Assembly)
                .UseConfiguredProviders(configuration)
                .UseConfiguredAuditLog(configuration)
                .AddMessageOptions(configuration)
                .AddSecureRegistrationOptions(configuration)
                .UseConfiguredMessageStore(configuration);
            configureSilo?.Invoke(silo);
        });
    }
}
