namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// Where <c>GET /metrics</c> is served, bound from <c>Gatehouse:Metrics</c> by both executables.
/// Like <c>/healthz</c> it takes no credential (a Prometheus server scrapes it), so in production
/// it should not be reachable from the internet: deny it at the load balancer, or serve it only
/// on a port of its own (<see cref="Port"/>) that only the monitoring network reaches.
/// </summary>
public sealed class MetricsEndpointOptions
{
    public const string SectionName = "Gatehouse:Metrics";

    /// <summary><c>false</c> maps no <c>/metrics</c> route at all (404). Default <c>true</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// When set, <c>/metrics</c> answers only requests that arrived on this local port (and 404
    /// on every other); add a listener for it to <c>urls</c>, for example
    /// <c>http://10.0.0.5:9464</c>. The check is on the connection's local port, which a client
    /// cannot forge (a <c>Host</c> header it can). Default: unset, every listener serves it.
    /// </summary>
    public int? Port { get; set; }
}
