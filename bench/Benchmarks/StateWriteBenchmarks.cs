using BenchmarkDotNet.Attributes;
using Gatehouse.Benchmarks.Grains;
using Gatehouse.Runtime.Persistence.Sqlite;
using Gatehouse.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Benchmarks;

/// <summary>
/// <c>WriteStateAsync</c> of a small state on SQLite (WAL), measured as the grain call that
/// does it: one grain writing over and over, and 16 grains writing at once. <c>Full</c> is the
/// shipped default (fsync of the log on every commit); <c>Normal</c> is shown to separate the
/// disk's cost from the runtime's.
/// </summary>
[Config(typeof(BenchmarkConfig))]
[MemoryDiagnoser]
public class StateWriteBenchmarks
{
    public const int ConcurrentGrains = 16;

    private readonly Task[] _batch = new Task[ConcurrentGrains];
    private TestCluster _cluster = null!;
    private string _dataDirectory = null!;
    private IStateGrain _grain = null!;
    private IStateGrain[] _grains = null!;
    private int _value;

    [Params(SqliteSynchronousMode.Full, SqliteSynchronousMode.Normal)]
    public SqliteSynchronousMode Synchronous { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _dataDirectory = Path.Combine(Path.GetTempPath(), "gatehouse-bench-" + Guid.NewGuid().ToString("N"));
        var synchronous = Synchronous;
        _cluster = await BenchClusters.StartAsync(b => b
            .UseSqlite(_dataDirectory)
            .ConfigureServices(s => s.PostConfigureAll<SqliteStorageOptions>(o => o.Synchronous = synchronous)));
        var factory = _cluster.GrainFactory;
        _grain = factory.GetGrain<IStateGrain>(-1);
        await _grain.Write(0);
        _grains = Enumerable.Range(0, ConcurrentGrains).Select(i => factory.GetGrain<IStateGrain>(i)).ToArray();
        await Task.WhenAll(_grains.Select(g => g.Write(0)));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Benchmark(Baseline = true, Description = "WriteStateAsync, one grain")]
    public Task<int> WriteState_OneGrain() => _grain.Write(++_value);

    [Benchmark(OperationsPerInvoke = ConcurrentGrains, Description = "WriteStateAsync, 16 grains concurrently (per write)")]
    public Task WriteState_16Grains()
    {
        var value = ++_value;
        for (var i = 0; i < _grains.Length; i++)
        {
            _batch[i] = _grains[i].Write(value);
        }
        return Task.WhenAll(_batch);
    }
}
