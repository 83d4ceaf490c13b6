using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Gatehouse.Benchmarks;

/// <summary>
/// The job every benchmark class uses: one launch, 5 warm-up and 15 measured iterations, so the
/// whole suite stays within minutes on a 2-core machine; Server GC as the silo hosts run it;
/// median, p95 and standard deviation next to the mean; allocations per operation.
/// </summary>
internal sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(5)
            .WithIterationCount(15)
            .WithGcServer(true)
            .WithGcConcurrent(true)
            .WithToolchain(new BenchmarksToolchain())
            .WithId("Bounded"));
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.StdDev, StatisticColumn.Min, StatisticColumn.Max);
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
