using Gatehouse.Runtime.Placement;

namespace Gatehouse.Runtime.Membership;

/// <summary>A cluster of one: the local silo is the only member, and the view never changes.</summary>
internal sealed class SingleSiloMembership : IMembershipService
{
    public SingleSiloMembership(TimeProvider timeProvider)
    {
        LocalSilo = new SiloAddress("127.0.0.1", 0, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        View = new MembershipView(0, [LocalSilo]);
    }

    public SiloAddress LocalSilo { get; }

    public IReadOnlyList<SiloAddress> ActiveSilos => View.ActiveSilos;

    public MembershipView View { get; }

    // A view that never changes has nothing to announce.
    public event Action<MembershipView>? ViewChanged
    {
        add { }
        remove { }
    }

    public CancellationToken LocalSiloDead => CancellationToken.None;
}
