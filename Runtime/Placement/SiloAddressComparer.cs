namespace Gatehouse.Runtime.Placement;

/// <summary>Orders silo addresses by host (ordinal), port, then generation: the same order on every silo.</summary>
internal sealed class SiloAddressComparer : IComparer<SiloAddress>
{
    public static SiloAddressComparer Instance { get; } = new();

    public int Compare(SiloAddress? x, SiloAddress? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null)
        {
            return -1;
        }
        if (y is null)
        {
            return 1;
        }
        var byHost = string.CompareOrdinal(x.Host, y.Host);
        if (byHost != 0)
        {
            return byHost;
        }
        var byPort = x.Port.CompareTo(y.Port);
        return byPort != 0 ? byPort : x.Generation.CompareTo(y.Generation);
    }
}
