using Gatehouse.Runtime.Reminders;

namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// Counts a reminder table's reads and writes (<see cref="StorageInstruments"/>). A remove that
/// finds another version returns false rather than throwing; it is counted as a conflict.
/// Reminder operations are rare (registration, start-up), so a closure per call is fine here.
/// </summary>
internal sealed class InstrumentedReminderTable : IReminderTable
{
    private readonly IReminderTable _inner;
    private readonly StorageInstruments _instruments;
    private readonly StorageOperation _read;
    private readonly StorageOperation _upsert;
    private readonly StorageOperation _remove;

    public InstrumentedReminderTable(IReminderTable inner, StorageInstruments instruments)
    {
        _inner = inner;
        _instruments = instruments;
        var provider = inner.GetType().Name;
        _read = new(StorageInstruments.Reminders, provider, "read");
        _upsert = new(StorageInstruments.Reminders, provider, "upsert");
        _remove = new(StorageInstruments.Reminders, provider, "remove");
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint beginExclusive, uint endInclusive, CancellationToken cancellationToken = default) =>
        MeasureAsync(_read, () => _inner.ReadRangeAsync(beginExclusive, endInclusive, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        MeasureAsync(_read, () => _inner.ReadAllAsync(cancellationToken), cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadGrainAsync(GrainId grainId, CancellationToken cancellationToken = default) =>
        MeasureAsync(_read, () => _inner.ReadGrainAsync(grainId, cancellationToken), cancellationToken);

    public Task<ReminderEntry?> ReadAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken = default) =>
        MeasureAsync(_read, () => _inner.ReadAsync(grainId, reminderName, cancellationToken), cancellationToken);

    public Task<string> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default) =>
        MeasureAsync(_upsert, () => _inner.UpsertAsync(entry, cancellationToken), cancellationToken);

    public async Task<bool> RemoveAsync(GrainId grainId, string reminderName, string etag, CancellationToken cancellationToken = default)
    {
        var started = _instruments.Start();
        bool removed;
        try
        {
            removed = await _inner.RemoveAsync(grainId, reminderName, etag, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _instruments.Failed(_remove, started, exception, cancellationToken);
            throw;
        }
        if (removed)
        {
            _instruments.Succeeded(_remove, started);
        }
        else
        {
            _instruments.Conflicted(_remove, started);
        }
        return removed;
    }

    private async Task<T> MeasureAsync<T>(StorageOperation operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var started = _instruments.Start();
        try
        {
            var result = await call().ConfigureAwait(false);
            _instruments.Succeeded(operation, started);
            return result;
        }
        catch (Exception exception)
        {
            _instruments.Failed(operation, started, exception, cancellationToken);
            throw;
        }
    }
}
