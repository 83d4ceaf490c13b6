using System.Collections.Immutable;
using Gatehouse.Runtime.Placement;

namespace Gatehouse.Runtime.Membership;

/// <summary>
/// What a silo believes the cluster is: the table version it read and the silos that were
/// active in it, sorted (by host, port, generation) so that every silo holding the same version
/// holds the same list in the same order. Immutable: a new view replaces the old one.
/// </summary>
public sealed class MembershipView
{
    public MembershipView(long version, IEnumerable<SiloAddress> activeSilos)
    {
        Version = version;
        ActiveSilos = [.. activeSilos.Distinct().Order(SiloAddressComparer.Instance)];
    }

    /// <summary>No table read yet: no silo is active.</summary>
    public static MembershipView Empty { get; } = new(-1, []);

    /// <summary>The table's version when this view was read; -1 before the first read.</summary>
    public long Version { get; }

    public ImmutableArray<SiloAddress> ActiveSilos { get; }

    public bool IsActive(SiloAddress silo) => ActiveSilos.Contains(silo);

    public override string ToString() => $"v{Version} [{string.Join(", ", ActiveSilos)}]";
}
