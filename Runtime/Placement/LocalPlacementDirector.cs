using Gatehouse.Runtime.Membership;

namespace Gatehouse.Runtime.Placement;

/// <summary>Single-silo placement: this silo owns every grain.</summary>
internal sealed class LocalPlacementDirector(IMembershipService membership) : IPlacementDirector
{
    public SiloAddress LocalSilo => membership.LocalSilo;

    public SiloAddress GetOwner(GrainId grainId) => membership.LocalSilo;
}
