namespace Gatehouse.Runtime.Membership;

/// <summary>What a process is in the cluster.</summary>
public enum ClusterRole
{
    /// <summary>A member that hosts grains: it has a row in the membership table, heartbeats, probes its peers and owns a share of the grains.</summary>
    Silo,

    /// <summary>
    /// A cluster client (a gateway hosting no grains): it reads the membership table to route
    /// calls, writes no row, is never an owner, and still listens on the transport so that
    /// grains can call its observers back.
    /// </summary>
    Client,
}
