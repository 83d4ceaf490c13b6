using Gatehouse.Runtime.Persistence.Postgres;

namespace Gatehouse.Runtime.Membership;

/// <summary>
/// Settings of PostgreSQL cluster membership (<c>SiloBuilder.UsePostgresClustering</c>), bound from
/// <c>Gatehouse:Cluster</c>. The timing defaults are chosen so that a silo killed with SIGKILL is
/// declared dead, and its grains are served elsewhere, within 15 seconds:
/// its connections drop at once, so probes fail from the next <see cref="ProbeInterval"/>;
/// after <see cref="MissedProbesLimit"/> misses (3 s) and once its heartbeat is older than
/// <see cref="SuspectHeartbeatAge"/> (4 s) the next table refresh declares it dead, and every
/// other silo's next refresh (≤ 1 s) moves its grains: about 5–6 s in all. A hung silo whose
/// socket still answers is declared dead when its heartbeat is older than
/// <see cref="DeathTimeout"/> (10 s, about 11–12 s in all). Every default is listed in the README's
/// configuration table.
/// </summary>
public sealed class ClusterMembershipOptions
{
    public const string SectionName = "Gatehouse:Cluster";

    /// <summary>Whether this process hosts grains (<see cref="ClusterRole.Silo"/>, the default) or is a cluster client.</summary>
    public ClusterRole Role { get; set; } = ClusterRole.Silo;

    /// <summary>
    /// Where the membership tables live (<c>Gatehouse:Cluster:Postgres:ConnectionString</c>).
    /// Default: no connection string of its own, meaning the default grain storage's PostgreSQL
    /// database (<c>Gatehouse:Storage:Postgres:ConnectionString</c>).
    /// </summary>
    public PostgresStorageOptions Postgres { get; set; } = new();

    /// <summary>How often a silo writes its heartbeat (the database's <c>now()</c>) into its row. Default: 1 second.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often every process reads the membership table and, when its version moved, replaces its view. Default: 1 second.</summary>
    public TimeSpan TableRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a silo probes each other member (a ping over the transport answered by a pong). Default: 1 second.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe waits for its pong (connecting included) before it counts as missed. Default: 1 second.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive missed probes after which a member is suspected. Default: 3.</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// A suspected member (see <see cref="MissedProbesLimit"/>) is declared dead once its
    /// heartbeat is older than this, by the database's clock. The heartbeat condition keeps a
    /// silo that merely cannot reach a peer from killing a healthy one. Default: 4 seconds.
    /// </summary>
    public TimeSpan SuspectHeartbeatAge { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// A member whose heartbeat is older than this is declared dead whatever its probes say (a
    /// hung silo whose socket still answers). A silo that has not written its own heartbeat for
    /// this long stops serving by itself, since its peers may have declared it dead. Default: 10 seconds.
    /// </summary>
    public TimeSpan DeathTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Readiness fails when the table has not been read successfully for this long. Default: 5 seconds.
    /// </summary>
    public TimeSpan TableUnreachableAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a silo re-reads the reminder table, beyond every view change, to pick up reminders
    /// it owns that were registered through another silo during a membership change. Default: 1 minute.
    /// </summary>
    public TimeSpan ReminderRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Rows of dead silos older than this are deleted when a silo joins. Default: 1 day.</summary>
    public TimeSpan DeadRowRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Throws, naming the setting, when the timings cannot work together.</summary>
    public void Validate()
    {
        Positive(HeartbeatInterval, nameof(HeartbeatInterval));
        Positive(TableRefreshInterval, nameof(TableRefreshInterval));
        Positive(ProbeInterval, nameof(ProbeInterval));
        Positive(ProbeTimeout, nameof(ProbeTimeout));
        Positive(TableUnreachableAfter, nameof(TableUnreachableAfter));
        Positive(ReminderRefreshInterval, nameof(ReminderRefreshInterval));
        Positive(DeadRowRetention, nameof(DeadRowRetention));
        if (MissedProbesLimit < 1)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(MissedProbesLimit)} is {MissedProbesLimit}; it must be at least 1.");
        }
        if (SuspectHeartbeatAge <= HeartbeatInterval)
        {
            throw new InvalidOperationException(
                $"{SectionName}:{nameof(SuspectHeartbeatAge)} ({SuspectHeartbeatAge}) must be longer than {nameof(HeartbeatInterval)} ({HeartbeatInterval}), or live silos would be declared dead between heartbeats.");
        }
        if (DeathTimeout < SuspectHeartbeatAge)
        {
            throw new InvalidOperationException(
                $"{SectionName}:{nameof(DeathTimeout)} ({DeathTimeout}) must not be shorter than {nameof(SuspectHeartbeatAge)} ({SuspectHeartbeatAge}).");
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:{name} is {value}; it must be positive.");
        }
    }
}
