using Gatehouse.Runtime.Activation;
using Gatehouse.Runtime.Membership;
using Gatehouse.Runtime.Placement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.Runtime.Hosting;

public static class GatehouseServiceCollectionExtensions
{
    /// <summary>
    /// Adds a silo to the host: the runtime, an <see cref="IGrainFactory"/>, an
    /// <see cref="ISiloStatusProvider"/>, and a hosted service that starts and stops it.
    /// <see cref="SiloOptions"/> is bound from <c>Gatehouse:Silo</c> when
    /// <paramref name="configuration"/> is given.
    /// </summary>
    public static IServiceCollection AddGatehouseSilo(this IServiceCollection services, IConfiguration? configuration, Action<SiloBuilder>? configure = null)
    {
        var builder = new SiloBuilder(services, configuration);
        services.AddOptions<SiloOptions>();
        if (configuration is not null)
        {
            services.Configure<SiloOptions>(configuration.GetSection(SiloOptions.SectionName));
        }
        configure?.Invoke(builder);

        var grainClasses = builder.GrainClasses
            .Concat(builder.GrainAssemblies.SelectMany(GrainTypeRegistry.FindGrainClasses))
            .ToList();
        services.TryAddSingleton(TimeProvider.System);
        services.AddGatehouseMetrics();
        services.TryAddSingleton<IMembershipService, SingleSiloMembership>();
        services.TryAddSingleton<IPlacementDirector, LocalPlacementDirector>();
        services.AddSingleton(_ => new GrainTypeRegistry(grainClasses));
        services.AddSingleton<SiloRuntime>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<SiloRuntime>().GrainFactory);
        services.AddSingleton<SiloHost>();
        services.AddSingleton<ISiloStatusProvider>(sp => sp.GetRequiredService<SiloHost>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<SiloHost>());
        return services;
    }

    /// <inheritdoc cref="AddGatehouseSilo(IServiceCollection, IConfiguration?, Action{SiloBuilder}?)"/>
    public static IServiceCollection AddGatehouseSilo(this IServiceCollection services, Action<SiloBuilder> configure) =>
        services.AddGatehouseSilo(null, configure);
}
