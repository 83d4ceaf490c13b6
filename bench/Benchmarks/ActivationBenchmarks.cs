using BenchmarkDotNet.Attributes;
using Gatehouse.Benchmarks.Grains;
using Gatehouse.TestingHost;

namespace Gatehouse.Benchmarks;

/// <summary>
/// The cost of activating a new grain: every operation is the first call to a key never used
/// before (reference creation + catalog insert + activation turn + the call itself). Each
/// invocation activates <see cref="BatchSize"/> grains; each iteration runs a fixed 16
/// invocations (16,000 activations) and the iteration cleanup deactivates them all, so the
/// catalog starts every iteration empty and the heap does not grow across the run.
/// </summary>
[Config(typeof(BenchmarkConfig))]
[MemoryDiagnoser]
[InvocationCount(16)]
public class ActivationBenchmarks
{
    public const int BatchSize = 1000;

    private readonly Task[] _batch = new Task[BatchSize];
    private TestCluster _cluster = null!;
    private long _nextKey = 1_000_000;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        // Idle collection only when the cleanup asks for it, and then of everything idle.
        _cluster = await BenchClusters.StartAsync(b => b.ConfigureOptions(o =>
        {
            o.CollectionAge = TimeSpan.Zero;
            o.CollectionQuantum = TimeSpan.FromDays(1);
        }));
        // Warm the activation path (JIT, registry caches) before BenchmarkDotNet's own warm-up.
        await _cluster.GrainFactory.GetGrain<IPingGrain>(-1).Ping(0);
    }

    [IterationCleanup]
    public void DeactivateAll()
    {
        var silo = _cluster.Primary;
        silo.CollectIdleActivations();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (silo.ActivationCount > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{silo.ActivationCount} activations still present 60 s after collection.");
            }
            Thread.Sleep(5);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _cluster.DisposeAsync();

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "First call to 1000 new keys, concurrently (per activation)")]
    public Task NewGrains_Concurrent()
    {
        var factory = _cluster.GrainFactory;
        for (var i = 0; i < BatchSize; i++)
        {
            _batch[i] = factory.GetGrain<IPingGrain>(_nextKey++).Ping(i);
        }
        return Task.WhenAll(_batch);
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "First call to 1000 new keys, one at a time (per activation)")]
    public async Task NewGrains_Sequential()
    {
        var factory = _cluster.GrainFactory;
        for (var i = 0; i < BatchSize; i++)
        {
            await factory.GetGrain<IPingGrain>(_nextKey++).Ping(i);
        }
    }
}
