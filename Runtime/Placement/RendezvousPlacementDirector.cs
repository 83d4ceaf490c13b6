using Gatehouse.Runtime.Membership;
using Gatehouse.Runtime.Transport;

namespace Gatehouse.Runtime.Placement;

/// <summary>
/// Places each grain on one active silo by rendezvous (highest-random-weight) hashing: every
/// silo gets a weight <c>Mix(grainHash ^ siloHash)</c> and the heaviest owns the grain. Every
/// silo holding the same view computes the same owner without talking to anyone; when a silo
/// leaves, only the grains it owned move (each to its own runner-up), and a silo that joins takes
/// only the grains it now outweighs — about 1/n of them.
/// </summary>
/// <remarks>
/// <c>Mix</c> is a bijection of 64-bit values, so two silos with different hashes can never tie;
/// silos with equal hashes (a 2^-64 chance) are ordered by their place in the view's sorted
/// list, which is the same on every silo. Per call: one hash of the grain id's characters and a
/// multiply-xorshift per silo, without allocation. The silo hashes are computed once per view.
/// </remarks>
internal sealed class RendezvousPlacementDirector(IMembershipService membership) : IPlacementDirector
{
    private volatile Ring? _ring;

    public SiloAddress LocalSilo => membership.LocalSilo;

    /// <exception cref="SiloUnavailableException">The view has no active silo.</exception>
    public SiloAddress GetOwner(GrainId grainId)
    {
        var ring = CurrentRing();
        var silos = ring.Silos;
        if (silos.Length == 0)
        {
            throw new SiloUnavailableException(
                $"No silo is active in membership view {ring.View.Version}, so {grainId} has no owner. " +
                "The cluster is starting, every silo is down, or this process cannot read the membership table.");
        }
        var grainHash = HashOf(grainId);
        var hashes = ring.Hashes;
        var best = 0;
        var bestWeight = Mix(grainHash ^ hashes[0]);
        for (var i = 1; i < hashes.Length; i++)
        {
            var weight = Mix(grainHash ^ hashes[i]);
            if (weight > bestWeight)
            {
                best = i;
                bestWeight = weight;
            }
        }
        return silos[best];
    }

    /// <summary>
    /// A 64-bit hash of the grain id that is the same in every process and on every machine:
    /// FNV-1a over the UTF-16 code units of <c>type/key</c>, then <see cref="Mix"/>.
    /// Placement depends on it, so it must never change between versions (a test pins it).
    /// </summary>
    public static ulong HashOf(GrainId grainId)
    {
        var hash = 14695981039346656037UL;
        hash = Fnv(hash, grainId.Type);
        hash = (hash ^ '/') * 1099511628211UL;
        hash = Fnv(hash, grainId.Key);
        return Mix(hash);
    }

    /// <summary>The hash of a silo incarnation (<c>host:port@generation</c>): a restart is a different silo.</summary>
    public static ulong HashOf(SiloAddress silo) => Mix(Fnv(14695981039346656037UL, silo.ToString()));

    /// <summary>The splitmix64 finalizer: a bijection that spreads every input bit over the whole output.</summary>
    public static ulong Mix(ulong value)
    {
        value ^= value >> 30;
        value *= 0xbf58476d1ce4e5b9UL;
        value ^= value >> 27;
        value *= 0x94d049bb133111ebUL;
        value ^= value >> 31;
        return value;
    }

    private static ulong Fnv(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }
        return hash;
    }

    private Ring CurrentRing()
    {
        var view = membership.View;
        var ring = _ring;
        if (ring is not null && ReferenceEquals(ring.View, view))
        {
            return ring;
        }
        // Racing rebuilds compute the same thing; whichever is stored last is as good.
        ring = new Ring(view);
        _ring = ring;
        return ring;
    }

    private sealed class Ring
    {
        public Ring(MembershipView view)
        {
            View = view;
            Silos = [.. view.ActiveSilos];
            Hashes = [.. Silos.Select(HashOf)];
        }

        public MembershipView View { get; }

        public SiloAddress[] Silos { get; }

        public ulong[] Hashes { get; }
    }
}
