using Gatehouse.Runtime.Membership;
using Gatehouse.Runtime.Placement;

namespace Gatehouse.Runtime.Transport;

/// <summary>
/// Membership for a silo with a transport but no cluster table yet: a cluster of one whose
/// address is the endpoint it really listens on. The PostgreSQL membership replaces it and
/// takes its own entry's address from <see cref="TransportListener"/> the same way.
/// </summary>
internal sealed class TransportSiloMembership(TransportListener listener) : IMembershipService
{
    public SiloAddress LocalSilo => listener.LocalAddress;

    public IReadOnlyList<SiloAddress> ActiveSilos => [listener.LocalAddress];
}
