namespace Gatehouse.Runtime.Membership;

/// <summary>A silo's status in the membership table. A row only ever moves forward through these.</summary>
public enum MemberStatus
{
    /// <summary>Inserted, heartbeating, not yet an owner of any grain.</summary>
    Joining,

    /// <summary>An owner: placement spreads grains over the active silos.</summary>
    Active,

    /// <summary>Stopping gracefully: no longer an owner, deactivating its grains.</summary>
    ShuttingDown,

    /// <summary>Gone, by its own graceful stop or declared so by a peer. A dead silo never serves again.</summary>
    Dead,
}
