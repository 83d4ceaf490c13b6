using BenchmarkDotNet.Attributes;
using Gatehouse.Benchmarks.Grains;
using Gatehouse.TestingHost;

namespace Gatehouse.Benchmarks;

/// <summary>
/// Calls to grains that are already active, in one process. Two clusters: the default one
/// (immutable arguments pass by reference, mutable ones are deep-copied) and one with
/// <c>SerializeAllCalls = true</c> (every argument and result goes through the wire format).
/// The single-call benchmarks measure latency as BenchmarkDotNet sees it (one call in flight, its
/// thread blocked until the answer); the sequential one awaits 1000 calls in a row; the batched
/// ones put <see cref="BatchSize"/> calls to as many grains in flight at once. Those two report
/// the time per call.
/// </summary>
[Config(typeof(BenchmarkConfig))]
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    public const int BatchSize = 1000;

    private readonly Task[] _batch = new Task[BatchSize];
    private readonly Payload _payload = new() { Name = "widget", Quantity = 3, Price = 9.5, Tags = ["a", "b"] };
    private TestCluster _inProcess = null!;
    private TestCluster _serializing = null!;
    private IPingGrain _grain = null!;
    private IPingGrain _serializingGrain = null!;
    private IPingGrain[] _grains = null!;
    private IPingGrain[] _serializingGrains = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _inProcess = await BenchClusters.StartAsync();
        _serializing = await BenchClusters.StartAsync(b => b.ConfigureOptions(o => o.SerializeAllCalls = true));
        (_grain, _grains) = await ActivateAsync(_inProcess);
        (_serializingGrain, _serializingGrains) = await ActivateAsync(_serializing);
    }

    private static async Task<(IPingGrain Single, IPingGrain[] Batch)> ActivateAsync(TestCluster cluster)
    {
        var factory = cluster.GrainFactory;
        var single = factory.GetGrain<IPingGrain>(-1);
        await single.Ping(0);
        var batch = Enumerable.Range(0, BatchSize).Select(i => factory.GetGrain<IPingGrain>(i)).ToArray();
        await Task.WhenAll(batch.Select(g => g.Ping(0)));
        return (single, batch);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _inProcess.DisposeAsync();
        await _serializing.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "Ping, in-process")]
    public Task<int> Ping_InProcess() => _grain.Ping(42);

    [Benchmark(Description = "Ping, SerializeAllCalls")]
    public Task<int> Ping_Serialized() => _serializingGrain.Ping(42);

    [Benchmark(Description = "Inspect(Payload), in-process (copied)")]
    public Task<int> MutableArgument_InProcess() => _grain.Inspect(_payload);

    [Benchmark(Description = "Inspect(Payload), SerializeAllCalls")]
    public Task<int> MutableArgument_Serialized() => _serializingGrain.Inspect(_payload);

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "Ping ×1000 one after another, awaited, in-process (per call)")]
    public async Task PingSequential_InProcess()
    {
        // After the first call the loop continues on the pool thread that delivered the answer,
        // so this is the latency of one call in flight without a blocked thread to wake per call.
        for (var i = 0; i < BatchSize; i++)
        {
            await _grain.Ping(i);
        }
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "Ping ×1000 grains concurrently, in-process (per call)")]
    public Task PingBatch_InProcess() => Batch(_grains);

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "Ping ×1000 grains concurrently, SerializeAllCalls (per call)")]
    public Task PingBatch_Serialized() => Batch(_serializingGrains);

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "GetGrain (reference only, no call)")]
    public IPingGrain GetGrainReference()
    {
        var factory = _inProcess.GrainFactory;
        IPingGrain reference = null!;
        for (var i = 0; i < BatchSize; i++)
        {
            reference = factory.GetGrain<IPingGrain>(i);
        }
        return reference;
    }

    private Task Batch(IPingGrain[] grains)
    {
        for (var i = 0; i < grains.Length; i++)
        {
            _batch[i] = grains[i].Ping(i);
        }
        return Task.WhenAll(_batch);
    }
}
