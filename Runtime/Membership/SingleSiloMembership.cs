using Gatehouse.Runtime.Placement;

namespace Gatehouse.Runtime.Membership;

/// <summary>A cluster of one: the local silo is the only member.</summary>
internal sealed class SingleSiloMembership : IMembershipService
{
    public SingleSiloMembership(TimeProvider timeProvider)
    {
        LocalSilo = new SiloAddress("127.0.0.1", 0, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        ActiveSilos = [LocalSilo];
    }

    public SiloAddress LocalSilo { get; }

    public IReadOnlyList<SiloAddress> ActiveSilos { get; }
}
