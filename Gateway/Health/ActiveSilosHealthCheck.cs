using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Membership;

namespace Gatehouse.Gateway.Health;

/// <summary>
/// A gateway in Client mode can serve nothing while no silo is active: every grain call would
/// fail. Its <c>/readyz</c> says so, and the load balancer sends its clients to a gateway that
/// can. (That the table is being read at all is membership's own check, <c>cluster-membership</c>.)
/// </summary>
internal sealed class ActiveSilosHealthCheck(IMembershipService membership) : ISiloHealthCheck
{
    public string Name => "cluster-silos";

    public Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var view = membership.View;
        return Task.FromResult(view.ActiveSilos.Length == 0
            ? $"no silo is active in the membership table (view {view.Version})"
            : null);
    }
}
