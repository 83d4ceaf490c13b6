using Gatehouse.Runtime.Placement;
using Gatehouse.Runtime.Transport;

namespace Gatehouse.Runtime.Tests.Placement;

public sealed class RendezvousPlacementTests
{
    private static readonly SiloAddress A = new("10.0.0.1", 11111, 1_700_000_000_000);
    private static readonly SiloAddress B = new("10.0.0.2", 11111, 1_700_000_000_001);
    private static readonly SiloAddress C = new("10.0.0.3", 11111, 1_700_000_000_002);
    private static readonly SiloAddress D = new("10.0.0.4", 11111, 1_700_000_000_003);

    private static readonly GrainId[] Grains = [.. Enumerable.Range(0, 30_000).Select(i => new GrainId("device", $"d-{i}"))];

    [Fact]
    public void Grains_spread_roughly_evenly_over_three_silos()
    {
        var placement = new RendezvousPlacementDirector(new FixedMembership(A, A, B, C));
        var counts = Grains.GroupBy(placement.GetOwner).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(3, counts.Count);
        // 10,000 each expected; the binomial standard deviation is about 82.
        Assert.All(counts.Values, count => Assert.InRange(count, 9_500, 10_500));
    }

    [Fact]
    public void Removing_a_silo_moves_only_its_grains_and_adding_one_moves_grains_only_to_it()
    {
        var membership = new FixedMembership(A, A, B, C);
        var placement = new RendezvousPlacementDirector(membership);
        var before = Grains.ToDictionary(g => g, placement.GetOwner);

        membership.Set(A, C);
        var moved = Grains.Where(g => placement.GetOwner(g) != before[g]).ToList();
        Assert.All(moved, g => Assert.Equal(B, before[g]));
        Assert.Equal(before.Count(p => p.Value == B), moved.Count);

        membership.Set(A, B, C, D);
        var toD = Grains.Where(g => placement.GetOwner(g) != before[g]).ToList();
        Assert.All(toD, g => Assert.Equal(D, placement.GetOwner(g)));
        Assert.InRange(toD.Count, 7_000, 8_000);
    }

    [Fact]
    public void Every_silo_with_the_same_view_names_the_same_owner_whatever_order_it_lists_the_silos_in()
    {
        var one = new RendezvousPlacementDirector(new FixedMembership(A, A, B, C, D));
        var other = new RendezvousPlacementDirector(new FixedMembership(C, D, C, B, A));

        Assert.All(Grains.Take(2_000), g => Assert.Equal(one.GetOwner(g), other.GetOwner(g)));
    }

    [Fact]
    public void A_restarted_silo_on_the_same_endpoint_is_a_different_owner()
    {
        var restarted = B with { Generation = B.Generation + 5_000 };
        var before = new RendezvousPlacementDirector(new FixedMembership(A, A, B, C));
        var after = new RendezvousPlacementDirector(new FixedMembership(A, A, restarted, C));

        Assert.NotEqual(RendezvousPlacementDirector.HashOf(B), RendezvousPlacementDirector.HashOf(restarted));
        Assert.Contains(Grains, g => before.GetOwner(g) == B && after.GetOwner(g) != restarted);
    }

    [Fact]
    public void Without_an_active_silo_placement_fails_with_SiloUnavailableException()
    {
        var placement = new RendezvousPlacementDirector(new FixedMembership(A));

        var exception = Assert.Throws<SiloUnavailableException>(() => placement.GetOwner(Grains[0]));
        Assert.Contains("No silo is active", exception.Message);
    }

    [Fact]
    public void The_grain_hash_is_pinned_because_every_silo_version_must_agree_on_owners()
    {
        Assert.Equal(7386423671522133922UL, RendezvousPlacementDirector.HashOf(new GrainId("device", "abc")));
        Assert.Equal(17443691650468426475UL, RendezvousPlacementDirector.HashOf(A));
    }

    [Fact]
    public void Finding_an_owner_allocates_nothing()
    {
        var placement = new RendezvousPlacementDirector(new FixedMembership(A, A, B, C));
        // Warmed up first, so that tiered compilation's one-off work is not counted.
        for (var i = 0; i < 10_000; i++)
        {
            placement.GetOwner(Grains[i]);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            placement.GetOwner(Grains[i]);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
