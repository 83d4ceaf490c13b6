namespace Gatehouse.Runtime.Persistence;

/// <summary>
/// One stored state row. <paramref name="Data"/> is null for a cleared state: the row stays as a
/// tombstone so its version keeps counting up, which is what makes a stale writer fail even
/// after a clear and a re-create (no ABA on the ETag).
/// </summary>
public sealed record GrainStateRecord(byte[]? Data, string ETag);
