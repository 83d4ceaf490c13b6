using Gatehouse.Runtime.Membership;
using Gatehouse.Runtime.Placement;

namespace Gatehouse.Runtime.Transport;

/// <summary>
/// Membership for a silo with a transport but no cluster table: a cluster of one whose address
/// is the endpoint it really listens on. <see cref="ClusterMembershipService"/> replaces it and
/// takes its own entry's address from <see cref="TransportListener"/> the same way.
/// </summary>
internal sealed class TransportSiloMembership(TransportListener listener) : IMembershipService
{
    private MembershipView? _view;

    public SiloAddress LocalSilo => listener.LocalAddress;

    public IReadOnlyList<SiloAddress> ActiveSilos => View.ActiveSilos;

    public MembershipView View => _view ??= new MembershipView(0, [listener.LocalAddress]);

    public event Action<MembershipView>? ViewChanged
    {
        add { }
        remove { }
    }

    public CancellationToken LocalSiloDead => CancellationToken.None;
}
