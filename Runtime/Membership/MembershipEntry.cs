using Gatehouse.Runtime.Placement;

namespace Gatehouse.Runtime.Membership;

/// <summary>
/// One row of the membership table as a silo read it. <see cref="HeartbeatAge"/> is computed by
/// the database (its <c>now()</c> minus the row's heartbeat time), so no two silos' clocks are
/// ever compared.
/// </summary>
public sealed record MembershipEntry(
    SiloAddress Address,
    string SiloName,
    ClusterRole Role,
    MemberStatus Status,
    DateTimeOffset StartedAt,
    TimeSpan HeartbeatAge);
