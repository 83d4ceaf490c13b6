using Gatehouse.Runtime;
using Gatehouse.Runtime.Membership;
using Gatehouse.Runtime.Placement;

namespace Gatehouse.Benchmarks;

/// <summary>
/// Placement for the remote-call benchmark: every grain lives on the silo named
/// <see cref="Owner"/> once it is known, so calls made on any other silo cross the transport.
/// </summary>
internal sealed class RemotePlacementDirector(IMembershipService membership) : IPlacementDirector
{
    public static SiloAddress? Owner { get; set; }

    public SiloAddress LocalSilo => membership.LocalSilo;

    public SiloAddress GetOwner(GrainId grainId) => Owner ?? LocalSilo;
}
