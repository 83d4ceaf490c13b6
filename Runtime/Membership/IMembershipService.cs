using Gatehouse.Runtime.Placement;

namespace Gatehouse.Runtime.Membership;

/// <summary>Which silos are in the cluster. A later version keeps this in a database table.</summary>
public interface IMembershipService
{
    SiloAddress LocalSilo { get; }

    IReadOnlyList<SiloAddress> ActiveSilos { get; }
}
