using Gatehouse.Runtime.Membership;
using Gatehouse.Runtime.Placement;

namespace Gatehouse.Runtime.Tests.Placement;

/// <summary>Membership whose view the test sets.</summary>
internal sealed class FixedMembership(SiloAddress local, params SiloAddress[] active) : IMembershipService
{
    public SiloAddress LocalSilo => local;

    public IReadOnlyList<SiloAddress> ActiveSilos => View.ActiveSilos;

    public MembershipView View { get; set; } = new(1, active);

    public event Action<MembershipView>? ViewChanged;

    public CancellationToken LocalSiloDead => CancellationToken.None;

    public void Set(params SiloAddress[] silos)
    {
        View = new MembershipView(View.Version + 1, silos);
        ViewChanged?.Invoke(View);
    }
}
