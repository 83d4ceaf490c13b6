using System.Diagnostics;
using System.Globalization;
using Gatehouse.Benchmarks.Grains;

namespace Gatehouse.Benchmarks;

/// <summary>
/// Aggregate calls per second with independent grains. For each concurrency level N, N caller
/// loops run at once; each owns <see cref="GrainsPerCaller"/> activated grains of its own and
/// awaits one call at a time to them, round robin, until a fixed deadline. A level is run once
/// to warm up and then <see cref="Runs"/> times; the median is reported. The rate is completed
/// calls divided by the time until the last loop finished (so calls in flight at the deadline
/// are counted, and the time they took too). The same loops over a bare thread-pool hop
/// (<see cref="ThreadPoolHop"/>) give the machine's ceiling for any hop-per-call design.
/// </summary>
internal static class ThroughputMode
{
    private const int GrainsPerCaller = 4;
    private const int Runs = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var cores = Environment.ProcessorCount;
        var levels = args.Length > 1
            ? args[1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : [cores, cores * 8, cores * 64, cores * 512];
        var duration = TimeSpan.FromSeconds(seconds);
        var warmup = TimeSpan.FromSeconds(Math.Min(2, seconds));

        Console.WriteLine($"# throughput: Ping(int) to activated grains, {seconds:0.#} s per run, median of {Runs}, caller levels {string.Join(", ", levels)}");
        MachineInfo.Print();

        await using var cluster = await BenchClusters.StartAsync();
        var factory = cluster.GrainFactory;
        var grains = Enumerable.Range(0, levels.Max() * GrainsPerCaller).Select(i => factory.GetGrain<IPingGrain>(i)).ToArray();
        foreach (var chunk in grains.Chunk(1000))
        {
            await Task.WhenAll(chunk.Select(g => g.Ping(0)));
        }
        Console.WriteLine($"activated    : {grains.Length:N0} grains");
        Console.WriteLine();
        Console.WriteLine($"{"what",-18} {"callers",8} {"run 1",12} {"run 2",12} {"run 3",12} {"median",12} {"CPU",6} {"B/call",8} {"gen0/1/2",12}");

        var best = (Rate: 0.0, Callers: 0);
        foreach (var callers in levels)
        {
            var sets = Enumerable.Range(0, callers).Select(c => grains.AsSpan(c * GrainsPerCaller, GrainsPerCaller).ToArray()).ToArray();
            var median = await MeasureLevelAsync("grain Ping", callers, duration, warmup, (caller, i) => sets[caller][i % GrainsPerCaller].Ping(i));
            if (median > best.Rate)
            {
                best = (median, callers);
            }
        }
        await MeasureLevelAsync("bare pool hop", best.Callers, duration, warmup, (_, i) => ThreadPoolHop.Run(i));

        Console.WriteLine();
        Console.WriteLine($"best grain   : {best.Rate:N0} calls/s with {best.Callers} callers (target 1,000,000: {(best.Rate >= 1_000_000 ? "pass" : "miss")}, {best.Rate / 1_000_000:0.00}× of target)");
        return 0;
    }

    private static async Task<double> MeasureLevelAsync(string what, int callers, TimeSpan duration, TimeSpan warmup, Func<int, int, Task<int>> call)
    {
        await RunOnceAsync(callers, warmup, call);
        var rates = new double[Runs];
        var cpu = new double[Runs];
        var bytesPerCall = new double[Runs];
        var gcs = new int[3];
        for (var r = 0; r < Runs; r++)
        {
            var gen0 = GC.CollectionCount(0);
            var gen1 = GC.CollectionCount(1);
            var gen2 = GC.CollectionCount(2);
            var result = await RunOnceAsync(callers, duration, call);
            rates[r] = result.Calls / result.Elapsed.TotalSeconds;
            cpu[r] = result.Cpu.TotalSeconds / (result.Elapsed.TotalSeconds * Environment.ProcessorCount);
            bytesPerCall[r] = result.Allocated / (double)result.Calls;
            gcs[0] += GC.CollectionCount(0) - gen0;
            gcs[1] += GC.CollectionCount(1) - gen1;
            gcs[2] += GC.CollectionCount(2) - gen2;
        }
        var median = rates.Order().ElementAt(Runs / 2);
        Console.WriteLine(
            $"{what,-18} {callers,8} {rates[0],12:N0} {rates[1],12:N0} {rates[2],12:N0} {median,12:N0} {cpu.Average(),6:P0} {bytesPerCall.Average(),8:0} {$"{gcs[0]}/{gcs[1]}/{gcs[2]}",12}");
        return median;
    }

    private static async Task<(long Calls, TimeSpan Elapsed, TimeSpan Cpu, long Allocated)> RunOnceAsync(int callers, TimeSpan duration, Func<int, int, Task<int>> call)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = new Task<long>[callers];
        for (var c = 0; c < callers; c++)
        {
            var caller = c;
            loops[c] = Task.Run(() => CallerLoopAsync(caller, deadline, call));
        }
        var counts = await Task.WhenAll(loops);
        var elapsed = Stopwatch.GetElapsedTime(start);
        process.Refresh();
        return (counts.Sum(), elapsed, process.TotalProcessorTime - cpuBefore, GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore);
    }

    private static async Task<long> CallerLoopAsync(int caller, long deadline, Func<int, int, Task<int>> call)
    {
        long calls = 0;
        var i = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            // Checked, so that a run can only count calls that really reached a grain.
            if (await call(caller, i) != i + 1)
            {
                throw new InvalidOperationException($"Caller {caller} got a wrong answer to call {i}.");
            }
            i++;
            calls++;
        }
        return calls;
    }
}
