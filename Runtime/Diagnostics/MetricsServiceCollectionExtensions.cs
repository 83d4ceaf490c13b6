using System.Diagnostics.Metrics;
using Gatehouse.Runtime.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

// Next to AddGatehouseSilo, which calls it.
namespace Gatehouse.Runtime.Hosting;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the host's <see cref="IMeterFactory"/> (if it has none), the <see cref="MetricsCollector"/>
    /// that a <c>/metrics</c> endpoint serves, and the <see cref="StorageInstruments"/> that storage
    /// providers record on. <c>AddGatehouseSilo</c> calls it; calling it again changes nothing.
    /// </summary>
    public static IServiceCollection AddGatehouseMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        if (services.Any(static d => d.ServiceType == typeof(MetricsCollector)))
        {
            return services;
        }
        services.AddSingleton<MetricsCollector>();
        // Created with the hosted services, before any of them starts: nothing is measured unheard.
        services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<MetricsCollector>());
        services.TryAddSingleton(static sp => new StorageInstruments(sp.GetRequiredService<IMeterFactory>(), sp.GetService<TimeProvider>()));
        return services;
    }
}
