namespace Gatehouse.TestingHost;

/// <summary>
/// A clock that moves only when a test says so. Timers created from it fire, on the calling
/// thread, during <see cref="Advance"/>, in due-time order, so expiry, lockout, idle collection and
/// reminders can be tested without sleeping.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _timestamp;

    public ManualTimeProvider(DateTimeOffset? start = null)
    {
        _now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _timestamp;
        }
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + by;
        }
        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.DueAt is { } due && due <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    _timestamp += (target - _now).Ticks;
                    _now = target;
                    return;
                }
                _timestamp += (next.DueAt!.Value - _now).Ticks;
                _now = next.DueAt!.Value;
                next.DueAt = next.Period > TimeSpan.Zero && next.Period != Timeout.InfiniteTimeSpan ? _now + next.Period : null;
            }
            next.Fire();
        }
    }

    /// <summary>
    /// Moves the clock forward as a process that was descheduled (a loaded machine, a long GC
    /// pause) sees it: the whole gap passes at once, and each timer that came due in it fires
    /// once, as a real periodic timer's missed ticks collapse into one, then runs on from now.
    /// </summary>
    public void Stall(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        List<ManualTimer> due;
        lock (_lock)
        {
            _timestamp += by.Ticks;
            _now += by;
            due = [.. _timers.Where(t => t.DueAt is { } at && at <= _now).OrderBy(t => t.DueAt)];
            foreach (var timer in due)
            {
                timer.DueAt = timer.Period > TimeSpan.Zero && timer.Period != Timeout.InfiniteTimeSpan ? _now + timer.Period : null;
            }
        }
        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                Period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
            }
            return true;
        }

        public void Dispose()
        {
            lock (owner._lock)
            {
                DueAt = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
