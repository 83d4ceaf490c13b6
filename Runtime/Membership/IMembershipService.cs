using Gatehouse.Runtime.Placement;

namespace Gatehouse.Runtime.Membership;

/// <summary>
/// Which silos are in the cluster, as this process sees it: a cluster of one
/// (<see cref="SingleSiloMembership"/>) or the PostgreSQL membership table
/// (<see cref="ClusterMembershipService"/>).
/// </summary>
public interface IMembershipService
{
    /// <summary>This process's own address (for a cluster client, the endpoint its observers are called back on).</summary>
    SiloAddress LocalSilo { get; }

    /// <summary>The active silos of <see cref="View"/>.</summary>
    IReadOnlyList<SiloAddress> ActiveSilos { get; }

    /// <summary>The current view: the table version and the active silos. Replaced, never changed.</summary>
    MembershipView View { get; }

    /// <summary>Raised, after <see cref="View"/> has been replaced, with the new view. Handlers must be quick and must not throw.</summary>
    event Action<MembershipView>? ViewChanged;

    /// <summary>
    /// Canceled when this silo has been declared dead (by a peer, or by itself when it could not
    /// heartbeat for <see cref="ClusterMembershipOptions.DeathTimeout"/>). The silo has stopped
    /// serving by then; a host should exit so that a supervisor starts a fresh incarnation:
    /// <c>membership.LocalSiloDead.Register(lifetime.StopApplication)</c>. Never canceled by a
    /// graceful stop, nor for a cluster of one.
    /// </summary>
    CancellationToken LocalSiloDead { get; }
}
