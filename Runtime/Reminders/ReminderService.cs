using System.Collections.Concurrent;

namespace Gatehouse.Runtime.Reminders;

/// <summary>
/// Fires durable reminders. The table is the truth: registering writes it first, and on start
/// the service loads every reminder and schedules its next tick. A tick is a normal grain call
/// (<see cref="IRemindable.ReceiveReminder"/>), so it activates the grain when needed.
/// In a cluster a silo schedules only the reminders of grains placement says it owns, and
/// <see cref="ResyncAsync"/> (on every membership view change, and now and then) hands reminders
/// over as ownership moves, so each reminder fires from one silo at a time.
/// </summary>
/// <remarks>
/// Delivery is at least once per tick while the silo runs. Ticks that fell due while no silo
/// ran are not replayed one by one: after a restart the reminder fires at its next due time on
/// its original schedule (start + n·period), as in Orleans. While views disagree during a
/// membership change, the old and the new owner may both fire a tick (at least once, not exactly once).
/// A reminder registered through a silo that is not the owner is scheduled there (the tick is a
/// grain call, routed to the owner) until the next resync hands it to the owner.
/// </remarks>
internal sealed class ReminderService(SiloRuntime runtime, IReminderTable? table)
{
    /// <summary>Shortest allowed period; shorter ones would turn the table into a hot path.</summary>
    public static readonly TimeSpan MinimumPeriod = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<(GrainId Grain, string Name), ScheduledReminder> _scheduled = new();
    private readonly SemaphoreSlim _resync = new(1, 1);
    private volatile bool _running;

    private IReminderTable Table => table
        ?? throw new InvalidOperationException("No reminder table is registered; configure UseSqliteReminders, UsePostgresReminders or UseMemoryReminders.");

    public int ScheduledCount => _scheduled.Count;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _running = true;
        if (table is null)
        {
            return;
        }
        foreach (var entry in await table.ReadAllAsync(cancellationToken))
        {
            if (Owns(entry.GrainId))
            {
                Schedule(entry);
            }
        }
    }

    /// <summary>The (grain, reminder name) pairs scheduled on this silo (tests).</summary>
    public IReadOnlyCollection<(GrainId Grain, string Name)> ScheduledKeys => [.. _scheduled.Keys];

    /// <summary>
    /// Re-reads the table and schedules exactly the reminders this silo owns by the current view:
    /// drops those whose grain moved away, picks up those that moved here (or were registered
    /// through another silo, or changed there). Resyncs run one at a time.
    /// </summary>
    public async Task ResyncAsync(CancellationToken cancellationToken)
    {
        if (table is null || !_running)
        {
            return;
        }
        await _resync.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var owned = new Dictionary<(GrainId, string), ReminderEntry>();
            foreach (var entry in await table.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (Owns(entry.GrainId))
                {
                    owned[(entry.GrainId, entry.ReminderName)] = entry;
                }
            }
            foreach (var (key, scheduled) in _scheduled)
            {
                if (!owned.ContainsKey(key) && _scheduled.TryRemove(new KeyValuePair<(GrainId, string), ScheduledReminder>(key, scheduled)))
                {
                    scheduled.Timer.Dispose();
                }
            }
            foreach (var (key, entry) in owned)
            {
                if (!_scheduled.TryGetValue(key, out var scheduled) || scheduled.Entry.ETag != entry.ETag)
                {
                    Schedule(entry);
                }
            }
        }
        finally
        {
            _resync.Release();
        }
    }

    /// <summary>Whether placement puts the grain on this silo; false when no silo is active.</summary>
    private bool Owns(GrainId grainId)
    {
        try
        {
            return runtime.Placement.GetOwner(grainId) == runtime.Placement.LocalSilo;
        }
        catch (Transport.SiloUnavailableException)
        {
            return false;
        }
    }

    public void Stop()
    {
        _running = false;
        foreach (var scheduled in _scheduled.Values)
        {
            scheduled.Timer.Dispose();
        }
        _scheduled.Clear();
    }

    public async Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reminderName);
        if (period < MinimumPeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"A reminder period must be at least {MinimumPeriod}.");
        }
        if (dueTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "A reminder's due time cannot be negative.");
        }
        var existing = await Table.ReadAsync(grainId, reminderName);
        var entry = new ReminderEntry(grainId, reminderName, runtime.TimeProvider.GetUtcNow() + dueTime, period, grainId.GetUniformHashCode(), existing?.ETag);
        var etag = await Table.UpsertAsync(entry);
        Schedule(entry with { ETag = etag });
        return new GrainReminder(reminderName);
    }

    public async Task UnregisterAsync(GrainId grainId, IGrainReminder reminder)
    {
        if (_scheduled.TryRemove((grainId, reminder.ReminderName), out var scheduled))
        {
            scheduled.Timer.Dispose();
        }
        var existing = await Table.ReadAsync(grainId, reminder.ReminderName);
        if (existing?.ETag is { } etag)
        {
            await Table.RemoveAsync(grainId, reminder.ReminderName, etag);
        }
    }

    public async Task<IGrainReminder?> GetReminderAsync(GrainId grainId, string reminderName) =>
        await Table.ReadAsync(grainId, reminderName) is { } entry ? new GrainReminder(entry.ReminderName) : null;

    public async Task<IReadOnlyList<IGrainReminder>> GetRemindersAsync(GrainId grainId) =>
        (await Table.ReadGrainAsync(grainId)).Select(e => (IGrainReminder)new GrainReminder(e.ReminderName)).ToList();

    private void Schedule(ReminderEntry entry)
    {
        if (!_running)
        {
            return;
        }
        var dueAt = NextDue(entry, runtime.TimeProvider.GetUtcNow());
        var scheduled = new ScheduledReminder(this, entry, dueAt);
        // Created unarmed and armed only once published, so a due-now tick finds itself scheduled.
        scheduled.Timer = runtime.TimeProvider.CreateTimer(static s => _ = ((ScheduledReminder)s!).Service.TickAsync((ScheduledReminder)s), scheduled,
            Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _scheduled.AddOrUpdate((entry.GrainId, entry.ReminderName), scheduled, (_, old) =>
        {
            old.Timer.Dispose();
            return scheduled;
        });
        scheduled.Timer.Change(Max(dueAt - runtime.TimeProvider.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan);
    }

    private async Task TickAsync(ScheduledReminder scheduled)
    {
        var entry = scheduled.Entry;
        if (!_running || !_scheduled.TryGetValue((entry.GrainId, entry.ReminderName), out var current) || current != scheduled)
        {
            return;
        }
        try
        {
            var grain = runtime.GrainFactory.GetGrain<IRemindable>(entry.GrainId);
            await grain.ReceiveReminder(entry.ReminderName, new TickStatus(entry.StartAt, entry.Period, scheduled.DueAt));
        }
        catch (Exception exception)
        {
            RuntimeLog.ReminderTickFailed(runtime.Logger, exception, entry.ReminderName, entry.GrainId.ToString());
        }
        if (!_running || !_scheduled.TryGetValue((entry.GrainId, entry.ReminderName), out current) || current != scheduled)
        {
            return;
        }
        var now = runtime.TimeProvider.GetUtcNow();
        scheduled.DueAt = NextDue(entry, Max(now, scheduled.DueAt + TimeSpan.FromTicks(1)));
        try
        {
            scheduled.Timer.Change(Max(scheduled.DueAt - now, TimeSpan.Zero), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Unregistered or replaced while ticking.
        }
    }

    /// <summary>The first time on the schedule start + n·period that is not before <paramref name="notBefore"/>.</summary>
    internal static DateTimeOffset NextDue(ReminderEntry entry, DateTimeOffset notBefore)
    {
        if (notBefore <= entry.StartAt)
        {
            return entry.StartAt;
        }
        var periods = (long)Math.Ceiling((notBefore - entry.StartAt).Ticks / (double)entry.Period.Ticks);
        return entry.StartAt + TimeSpan.FromTicks(entry.Period.Ticks * periods);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class ScheduledReminder(ReminderService service, ReminderEntry entry, DateTimeOffset dueAt)
    {
        public ReminderService Service { get; } = service;

        public ReminderEntry Entry { get; } = entry;

        public DateTimeOffset DueAt { get; set; } = dueAt;

        public ITimer Timer { get; set; } = null!;
    }
}
