namespace Gatehouse.Runtime.Reminders;

/// <summary>Durable storage for reminders. Versions (ETags) guard concurrent updates.</summary>
public interface IReminderTable
{
    /// <summary>All reminders whose grain hash is in (<paramref name="beginExclusive"/>, <paramref name="endInclusive"/>];
    /// when begin &gt;= end the range wraps around zero. (0, uint.MaxValue] plus hash 0 is "everything":
    /// use <see cref="ReadAllAsync"/> for that.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint beginExclusive, uint endInclusive, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ReminderEntry>> ReadGrainAsync(GrainId grainId, CancellationToken cancellationToken = default);

    Task<ReminderEntry?> ReadAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces the reminder and returns its new version.</summary>
    Task<string> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Removes the reminder if its version is <paramref name="etag"/>; false when it was not.</summary>
    Task<bool> RemoveAsync(GrainId grainId, string reminderName, string etag, CancellationToken cancellationToken = default);
}
