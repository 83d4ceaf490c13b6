namespace Gatehouse.Gateway.Hosting;

/// <summary>How a gateway reaches the grains (<c>Gatehouse:Gateway:Mode</c>).</summary>
public enum GatewayMode
{
    /// <summary>
    /// The gateway hosts a silo of its own (the default): one process runs all of Gatehouse. With
    /// <c>Gatehouse:Cluster:Membership=Postgres</c> that silo is a full member of a cluster.
    /// </summary>
    Embedded,

    /// <summary>
    /// The gateway hosts no grains: it is a client of the Silo processes found in the PostgreSQL
    /// membership table, and needs <c>Gatehouse:Cluster:Membership=Postgres</c>.
    /// </summary>
    Client,
}
