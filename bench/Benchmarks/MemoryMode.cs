using System.Diagnostics;
using System.Globalization;
using Gatehouse.Benchmarks.Grains;

namespace Gatehouse.Benchmarks;

/// <summary>
/// Bytes per idle activation: activates <c>count</c> (default 100,000) <see cref="PingGrain"/>s,
/// drops every reference, forces a full compacting collection, and divides the heap growth by
/// the count. Two heap figures: <see cref="GC.GetTotalMemory(bool)"/> and the heap size of the
/// last full blocking GC from <see cref="GC.GetGCMemoryInfo(GCKind)"/>.
/// </summary>
internal static class MemoryMode
{
    private const int Batch = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        Console.WriteLine($"# memory: {count:N0} idle activations of {nameof(PingGrain)} (no fields of its own)");
        MachineInfo.Print();

        await using var cluster = await BenchClusters.StartAsync();
        var factory = cluster.GrainFactory;
        var silo = cluster.Primary;

        // Warm everything up (JIT, type caches, the catalog's first buckets) with a grain that stays.
        await factory.GetGrain<IPingGrain>(-1).Ping(0);

        var (totalBefore, heapBefore) = Measure();
        var workingSetBefore = Process.GetCurrentProcess().WorkingSet64;
        var stopwatch = Stopwatch.StartNew();
        var tasks = new Task[Batch];
        for (var start = 0; start < count; start += Batch)
        {
            var n = Math.Min(Batch, count - start);
            for (var i = 0; i < n; i++)
            {
                tasks[i] = factory.GetGrain<IPingGrain>(start + i).Ping(i);
            }
            await Task.WhenAll(tasks.AsSpan(0, n));
        }
        stopwatch.Stop();
        Array.Clear(tasks);

        var (totalAfter, heapAfter) = Measure();
        var workingSetAfter = Process.GetCurrentProcess().WorkingSet64;
        var activations = silo.ActivationCount - 1;
        if (activations != count)
        {
            Console.Error.WriteLine($"expected {count} activations, found {activations}");
            return 1;
        }

        Console.WriteLine($"activated    : {activations:N0} in {stopwatch.Elapsed.TotalSeconds:0.00} s ({stopwatch.Elapsed.TotalMicroseconds / activations:0.0} µs each, {Batch} in flight)");
        Report("GC.GetTotalMemory(true)", totalBefore, totalAfter, activations);
        Report("GCMemoryInfo.HeapSizeBytes", heapBefore, heapAfter, activations);
        Report("working set (informational)", workingSetBefore, workingSetAfter, activations);

        // Every activation is still there and answers.
        await factory.GetGrain<IPingGrain>(count - 1).Ping(0);
        GC.KeepAlive(cluster);
        return 0;
    }

    private static (long Total, long Heap) Measure()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        var total = GC.GetTotalMemory(forceFullCollection: true);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heap = GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes;
        return (total, heap);
    }

    private static void Report(string what, long before, long after, int activations) =>
        Console.WriteLine($"{what,-28}: {before / 1048576.0:0.0} MiB -> {after / 1048576.0:0.0} MiB = {(after - before) / (double)activations:0} bytes per idle activation");
}
