namespace Gatehouse.Gateway.Hosting;

/// <summary>The gateway's own settings, bound from <c>Gatehouse:Gateway</c>. Every default is in the README's configuration table.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gatehouse:Gateway";

    /// <summary>Embedded silo or cluster client. Default: <see cref="GatewayMode.Embedded"/>.</summary>
    public GatewayMode Mode { get; set; } = GatewayMode.Embedded;

    /// <summary>
    /// Addresses of load balancers whose <c>X-Forwarded-For</c> header is believed: a request
    /// arriving from one of them counts as coming from the address the proxy appended (the last
    /// one), for the per-address login throttle and the audit log. Default: empty, so the header is
    /// ignored and a client cannot pick its own address. Behind a load balancer, list it here, or
    /// every client shares the balancer's address and one throttled client blocks all logins.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];
}
