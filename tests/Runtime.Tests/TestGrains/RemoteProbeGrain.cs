using System.Collections.Concurrent;
using Gatehouse.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace Gatehouse.Runtime.Tests.TestGrains;

public interface IRemoteProbeGrain : IGrainWithStringKey
{
    /// <summary>The name of the silo the activation runs on.</summary>
    Task<string> WhereAmI();

    Task<int> Add(int a, int b);

    Task<List<string>> Tag(List<string> items, string tag);

    Task Fail(string message);

    /// <summary>Returns when the test opens the named gate.</summary>
    Task<string> WaitFor(string gate);

    /// <summary>Calls another probe grain (which may be on a third silo, or back on the caller's).</summary>
    Task<string> AskWhereIs(string otherKey);

    /// <summary>Counts calls in a turn-checked field: a second turn running at once is an error.</summary>
    Task<int> Increment();
}

/// <summary>For the transport tests: reports where it runs, computes, fails and waits on command.</summary>
public sealed class RemoteProbeGrain(IOptions<SiloOptions> options) : Grain, IRemoteProbeGrain
{
    public static ConcurrentDictionary<string, TaskCompletionSource<string>> Gates { get; } = new();

    private int _count;
    private bool _inTurn;

    public Task<string> WhereAmI() => Task.FromResult(options.Value.SiloName);

    public Task<int> Add(int a, int b) => Task.FromResult(a + b);

    public Task<List<string>> Tag(List<string> items, string tag) => Task.FromResult(items.Select(i => $"{tag}:{i}").ToList());

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public Task<string> WaitFor(string gate) =>
        Gates.GetOrAdd(gate, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public Task<string> AskWhereIs(string otherKey) => GrainFactory.GetGrain<IRemoteProbeGrain>(otherKey).WhereAmI();

    public async Task<int> Increment()
    {
        if (_inTurn)
        {
            throw new InvalidOperationException("Two turns ran at once.");
        }
        _inTurn = true;
        await Task.Yield();
        _inTurn = false;
        return ++_count;
    }
}
