namespace Gatehouse.Runtime.Membership;

/// <summary>What a status change in the membership table came to.</summary>
public enum MembershipWriteResult
{
    /// <summary>The row changed and the table's version moved up by one, in one transaction.</summary>
    Written,

    /// <summary>The table's version was not the one expected: someone changed the table since it was read. Nothing was written; read again.</summary>
    VersionConflict,

    /// <summary>The version matched but the row did not qualify (gone, already in or past that status, or its heartbeat too recent). Nothing was written.</summary>
    NotApplicable,
}
