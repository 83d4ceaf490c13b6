using Gatehouse.Runtime;
using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Membership;
using Gatehouse.Runtime.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.TestingHost;

/// <summary>One silo (or cluster client) of a <see cref="TestCluster"/>: a running generic host.</summary>
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

    /// <summary>A grain factory on this silo: calls made through it start here.</summary>
    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    public SiloStatus Status => Services.GetRequiredService<ISiloStatusProvider>().Status;

    public IMembershipService Membership => Services.GetRequiredService<IMembershipService>();

    /// <summary>This silo's address (and generation) as membership knows it.</summary>
    public SiloAddress Address => Membership.LocalSilo;

    /// <summary>How many grain activations this silo holds right now.</summary>
    public int ActivationCount => Services.GetRequiredService<SiloRuntime>().Catalog.Count;

    /// <summary>Whether this silo holds an activation of the grain (in any state, deactivating included).</summary>
    public bool HasActivation(GrainId grainId) => Services.GetRequiredService<SiloRuntime>().Catalog.TryGet(grainId, out _);

    /// <summary>The grains this silo holds activations of.</summary>
    public IReadOnlyCollection<GrainId> ActivationIds => [.. Services.GetRequiredService<SiloRuntime>().Catalog.Activations.Select(a => a.GrainId)];

    /// <summary>The reminders (grain, name) this silo has scheduled right now.</summary>
    public IReadOnlyCollection<(GrainId Grain, string Name)> ScheduledReminders => Services.GetRequiredService<SiloRuntime>().Reminders.ScheduledKeys;

    /// <summary>The silo that placement on this silo names as the grain's owner, by this silo's current view.</summary>
    public SiloAddress OwnerOf(GrainId grainId) => Services.GetRequiredService<IPlacementDirector>().GetOwner(grainId);

    /// <summary>Runs one idle-collection pass now, instead of waiting for the next quantum.</summary>
    public int CollectIdleActivations() => Services.GetRequiredService<SiloHost>().Maintenance.CollectIdle();

    /// <summary>Runs one call-timeout sweep now.</summary>
    public void SweepCallTimeouts() => Services.GetRequiredService<SiloHost>().Maintenance.SweepTimeouts();

    public override string ToString() => Name;
}
