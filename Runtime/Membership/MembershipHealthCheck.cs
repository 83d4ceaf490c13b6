using Gatehouse.Runtime.Hosting;

namespace Gatehouse.Runtime.Membership;

/// <summary>
/// Readiness from membership's point of view: the table is being read, and (a silo) this silo is
/// active in it. A silo that is joining, shutting down or dead is not ready, so a load balancer
/// stops sending it requests before its grains have moved elsewhere.
/// </summary>
internal sealed class MembershipHealthCheck(ClusterMembershipService membership) : ISiloHealthCheck
{
    public string Name => "cluster-membership";

    public Task<string?> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(membership.DescribeProblem());
}
