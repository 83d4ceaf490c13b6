using System.Collections.Concurrent;
using System.Diagnostics;

namespace Gatehouse.Gateway.Tests;

/// <summary>What the workload got acknowledged, and when each device last answered.</summary>
internal sealed class ClusterWorkload(Stopwatch clock)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, TimeSpan>> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<TimeSpan> _failures = new();
    private int _acknowledged;

    public IReadOnlyDictionary<string, ConcurrentDictionary<string, TimeSpan>> Messages => _messages;

    public ConcurrentDictionary<string, TimeSpan> CreatedDevices { get; } = new(StringComparer.Ordinal);

    public int AcknowledgedCount => Volatile.Read(ref _acknowledged);

    public int FailureCount => _failures.Count;

    public void Acknowledged(string deviceId, string mid)
    {
        _messages.GetOrAdd(deviceId, _ => new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal))[mid] = clock.Elapsed;
        Interlocked.Increment(ref _acknowledged);
    }

    public void Created(string deviceId)
    {
        CreatedDevices[deviceId] = clock.Elapsed;
        Interlocked.Increment(ref _acknowledged);
    }

    public void Failed() => _failures.Enqueue(clock.Elapsed);

    public int FailuresSince(TimeSpan moment) => _failures.Count(f => f >= moment);

    public bool AllAnsweredSince(TimeSpan moment, IEnumerable<string> deviceIds) =>
        LastFirstSuccessSince(moment, deviceIds) is not null && CreatedDevices.Values.Any(t => t >= moment);

    /// <summary>When the first write acknowledged at or after <paramref name="moment"/> was, over all writes.</summary>
    public TimeSpan? FirstSuccessSince(TimeSpan moment)
    {
        var times = _messages.Values.SelectMany(m => m.Values).Concat(CreatedDevices.Values).Where(t => t >= moment).ToList();
        return times.Count == 0 ? null : times.Min();
    }

    /// <summary>The latest of the devices' first acknowledgements at or after <paramref name="moment"/>; null while one has none.</summary>
    public TimeSpan? LastFirstSuccessSince(TimeSpan moment, IEnumerable<string> deviceIds)
    {
        var latest = TimeSpan.Zero;
        foreach (var deviceId in deviceIds)
        {
            if (!_messages.TryGetValue(deviceId, out var mids))
            {
                return null;
            }
            var after = mids.Values.Where(t => t >= moment).ToList();
            if (after.Count == 0)
            {
                return null;
            }
            latest = latest > after.Min() ? latest : after.Min();
        }
        return latest;
    }
}
