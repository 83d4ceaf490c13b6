using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Runtime.Hosting;

/// <summary>
/// Collects what a silo is made of: its grain classes, its storage and reminder providers, and
/// its options. Providers add themselves with extension methods
/// (<c>AddSqliteGrainStorage</c>, <c>UsePostgresReminders</c>, …) that live next to the provider.
/// </summary>
public sealed class SiloBuilder
{
    internal SiloBuilder(IServiceCollection services, IConfiguration? configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    public IServiceCollection Services { get; }

    /// <summary>The host's configuration, when the silo is built by a host that has one.</summary>
    public IConfiguration? Configuration { get; }

    internal List<Assembly> GrainAssemblies { get; } = [];

    internal List<Type> GrainClasses { get; } = [];

    /// <summary>Registers every non-abstract <see cref="Grain"/> subclass in the assembly.</summary>
    public SiloBuilder AddGrainsFromAssembly(Assembly assembly)
    {
        GrainAssemblies.Add(assembly);
        return this;
    }

    /// <summary>Registers one grain class.</summary>
    public SiloBuilder AddGrain<TGrain>() where TGrain : Grain
    {
        GrainClasses.Add(typeof(TGrain));
        return this;
    }

    public SiloBuilder Configure(Action<SiloOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }
}
