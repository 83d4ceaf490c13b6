using System.Collections.Concurrent;
using Gatehouse.Runtime.Membership;
using Gatehouse.Runtime.Placement;

namespace Gatehouse.Runtime.Tests.Transport;

/// <summary>
/// Placement for tests: a grain goes to the silo the test pinned it to (by silo name), every
/// other grain stays on the calling silo. The silos share one <see cref="Pins"/>.
/// </summary>
internal sealed class PinnedPlacementDirector(PinnedPlacementDirector.Pins pins, IMembershipService membership) : IPlacementDirector
{
    public SiloAddress LocalSilo => membership.LocalSilo;

    public SiloAddress GetOwner(GrainId grainId) =>
        pins.Grains.TryGetValue(grainId, out var silo) && pins.Silos.TryGetValue(silo, out var address) ? address : LocalSilo;

    public sealed class Pins
    {
        public ConcurrentDictionary<string, SiloAddress> Silos { get; } = new();

        public ConcurrentDictionary<GrainId, string> Grains { get; } = new();
    }
}
