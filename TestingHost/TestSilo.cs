using Gatehouse.Runtime;
using Gatehouse.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.TestingHost;

/// <summary>One silo of a <see cref="TestCluster"/>: a running generic host.</summary>
public sealed class TestSilo
{
    internal TestSilo(string name, IHost host)
    {
        Name = name;
        Host = host;
    }

    public string Name { get; }

    internal IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    public SiloStatus Status => Services.GetRequiredService<ISiloStatusProvider>().Status;

    /// <summary>How many grain activations this silo holds right now.</summary>
    public int ActivationCount => Services.GetRequiredService<SiloRuntime>().Catalog.Count;

    /// <summary>Runs one idle-collection pass now, instead of waiting for the next quantum.</summary>
    public int CollectIdleActivations() => Services.GetRequiredService<SiloHost>().Maintenance.CollectIdle();

    /// <summary>Runs one call-timeout sweep now.</summary>
    public void SweepCallTimeouts() => Services.GetRequiredService<SiloHost>().Maintenance.SweepTimeouts();

    public override string ToString() => Name;
}
