using System.Runtime.CompilerServices;

namespace Gatehouse.Runtime.Tests.TestGrains;

public interface IProbeGrain : IGrainWithStringKey
{
    /// <summary>Records overlap with other calls, awaiting <paramref name="delayMs"/> in the middle.</summary>
    Task<int> Work(int sequence, int delayMs);

    [ReadOnly]
    Task<int> Read(int delayMs);

    Task<int> MaxConcurrency();

    Task<List<int>> Arrivals();

    /// <summary>Blocks its thread until <paramref name="parties"/> callers meet at the named barrier.</summary>
    Task Meet(string barrier, int parties);

    Task<string> Whoami();
}

/// <summary>Measures how calls overlap inside one activation.</summary>
public class ProbeGrain : Grain, IProbeGrain
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Barrier> Barriers = new();
    private readonly List<int> _arrivals = [];
    private int _inFlight;
    private int _maxConcurrency;

    public async Task<int> Work(int sequence, int delayMs)
    {
        _arrivals.Add(sequence);
        Enter();
        try
        {
            await Task.Delay(delayMs);
            await Task.Yield();
            return sequence;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async Task<int> Read(int delayMs)
    {
        Enter();
        try
        {
            await Task.Delay(delayMs);
            return _maxConcurrency;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public Task<int> MaxConcurrency() => Task.FromResult(_maxConcurrency);

    public Task<List<int>> Arrivals() => Task.FromResult(_arrivals);

    public Task Meet(string barrier, int parties)
    {
        var b = Barriers.GetOrAdd(barrier, _ => new Barrier(parties));
        if (!b.SignalAndWait(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException($"Only part of {parties} callers reached barrier {barrier}.");
        }
        return Task.CompletedTask;
    }

    public Task<string> Whoami() => Task.FromResult($"{GrainId}:{RuntimeHelpers.GetHashCode(this)}");

    private void Enter()
    {
        var now = Interlocked.Increment(ref _inFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxConcurrency)) && Interlocked.CompareExchange(ref _maxConcurrency, now, max) != max)
        {
        }
    }
}

/// <summary>The same probe, but reentrant: calls may interleave at awaits.</summary>
[Reentrant]
public class ReentrantProbeGrain : ProbeGrain, IReentrantProbeGrain;

public interface IReentrantProbeGrain : IProbeGrain;
