using System.Globalization;

namespace Gatehouse.Runtime.Reminders.Memory;

/// <summary>
/// A reminder table in this process's memory, for tests and throwaway silos. Versions behave as
/// in the SQL tables: every upsert bumps the version, and a remove with a stale ETag fails.
/// </summary>
public sealed class MemoryReminderTable : IReminderTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId GrainId, string ReminderName), ReminderEntry> _entries = [];

    public Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint beginExclusive, uint endInclusive, CancellationToken cancellationToken = default)
        => Task.FromResult(Select(e => InRange(e.GrainHash, beginExclusive, endInclusive)));

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default)
        => Task.FromResult(Select(static _ => true));

    public Task<IReadOnlyList<ReminderEntry>> ReadGrainAsync(GrainId grainId, CancellationToken cancellationToken = default)
        => Task.FromResult(Select(e => e.GrainId == grainId));

    public Task<ReminderEntry?> ReadAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        lock (_lock)
        {
            return Task.FromResult(_entries.GetValueOrDefault((grainId, reminderName)));
        }
    }

    public Task<string> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.ReminderName);
        lock (_lock)
        {
            // Versions count per row from 1, exactly as in the SQL tables, so that tests against
            // this table see the ETags a real silo would.
            var key = (entry.GrainId, entry.ReminderName);
            var version = _entries.TryGetValue(key, out var stored) ? long.Parse(stored.ETag!, CultureInfo.InvariantCulture) + 1 : 1;
            var etag = version.ToString(CultureInfo.InvariantCulture);
            _entries[key] = entry with { ETag = etag };
            return Task.FromResult(etag);
        }
    }

    public Task<bool> RemoveAsync(GrainId grainId, string reminderName, string etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        lock (_lock)
        {
            var key = (grainId, reminderName);
            if (_entries.TryGetValue(key, out var stored) && string.Equals(stored.ETag, etag, StringComparison.Ordinal))
            {
                _entries.Remove(key);
                return Task.FromResult(true);
            }
            return Task.FromResult(false);
        }
    }

    internal static bool InRange(uint hash, uint beginExclusive, uint endInclusive)
        => beginExclusive < endInclusive
            ? hash > beginExclusive && hash <= endInclusive
            : hash > beginExclusive || hash <= endInclusive;

    private IReadOnlyList<ReminderEntry> Select(Func<ReminderEntry, bool> predicate)
    {
        lock (_lock)
        {
            return _entries.Values.Where(predicate).ToArray();
        }
    }
}
