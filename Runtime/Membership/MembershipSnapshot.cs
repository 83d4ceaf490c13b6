using System.Collections.Immutable;
using Gatehouse.Runtime.Placement;

namespace Gatehouse.Runtime.Membership;

/// <summary>The membership table of one service, read in one statement (one database snapshot).</summary>
public sealed record MembershipSnapshot(long Version, ImmutableArray<MembershipEntry> Entries)
{
    public MembershipEntry? Find(SiloAddress address)
    {
        foreach (var entry in Entries)
        {
            if (entry.Address == address)
            {
                return entry;
            }
        }
        return null;
    }
}
