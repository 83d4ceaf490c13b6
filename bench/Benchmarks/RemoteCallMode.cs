using System.Diagnostics;
using System.Globalization;
using Gatehouse.Benchmarks.Grains;
using Gatehouse.Runtime.Membership;
using Gatehouse.Runtime.Placement;
using Gatehouse.Runtime.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Benchmarks;

/// <summary>
/// Remote grain calls on loopback: two silos in this process joined by the TCP transport; the
/// callers are on silo A (standing in for a gateway) and every grain lives on silo B, so each
/// call is a request frame, a turn on B and a response frame. For each concurrency level N, N
/// caller loops await one Ping at a time, round robin over their own grains, until a deadline;
/// a level is run once to warm up and then <see cref="Runs"/> times, and the median rate is
/// reported with the p50/p99 latency of that run. Both silos share the 2 cores, so the figure
/// includes both ends' CPU.
/// </summary>
internal static class RemoteCallMode
{
    private const int GrainsPerCaller = 4;
    private const int Runs = 3;
    private const double Target = 100_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var levels = args.Length > 1
            ? args[1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : [1, 16, 128, 512];
        var duration = TimeSpan.FromSeconds(seconds);
        var warmup = TimeSpan.FromSeconds(Math.Min(2, seconds));

        Console.WriteLine($"# remote: Ping(int) from silo A to grains on silo B over TCP loopback, {seconds:0.#} s per run, median of {Runs}, caller levels {string.Join(", ", levels)}");
        MachineInfo.Print();

        await using var cluster = await BenchClusters.StartAsync(builder =>
        {
            builder.InitialSilosCount = 2;
            builder.ConfigureServices(services => services.AddSingleton<IPlacementDirector, RemotePlacementDirector>());
            builder.ConfigureSilo(silo => silo.UseTcpTransport(o => o.ListenPort = 0));
        });
        var a = cluster.Silos[0];
        var b = cluster.Silos[1];
        RemotePlacementDirector.Owner = b.Services.GetRequiredService<IMembershipService>().LocalSilo;
        var grains = Enumerable.Range(0, levels.Max() * GrainsPerCaller).Select(i => a.GrainFactory.GetGrain<IPingGrain>(i)).ToArray();
        foreach (var chunk in grains.Chunk(1000))
        {
            await Task.WhenAll(chunk.Select(g => g.Ping(0)));
        }
        if (a.ActivationCount != 0 || b.ActivationCount != grains.Length)
        {
            throw new InvalidOperationException($"Expected every grain on silo B; A has {a.ActivationCount}, B {b.ActivationCount}.");
        }
        Console.WriteLine($"activated    : {grains.Length:N0} grains, all on silo B");
        Console.WriteLine();
        Console.WriteLine($"{"callers",8} {"run 1",12} {"run 2",12} {"run 3",12} {"median",12} {"p50 µs",9} {"p99 µs",9} {"CPU",6}");

        var best = (Rate: 0.0, Callers: 0);
        foreach (var callers in levels)
        {
            var sets = Enumerable.Range(0, callers).Select(c => grains.AsSpan(c * GrainsPerCaller, GrainsPerCaller).ToArray()).ToArray();
            await RunOnceAsync(sets, warmup);
            var results = new (double Rate, double P50, double P99, double Cpu)[Runs];
            for (var r = 0; r < Runs; r++)
            {
                results[r] = await RunOnceAsync(sets, duration);
            }
            var median = results.OrderBy(x => x.Rate).ElementAt(Runs / 2);
            Console.WriteLine(
                $"{callers,8} {results[0].Rate,12:N0} {results[1].Rate,12:N0} {results[2].Rate,12:N0} {median.Rate,12:N0} {median.P50,9:N0} {median.P99,9:N0} {median.Cpu,6:P0}");
            if (median.Rate > best.Rate)
            {
                best = (median.Rate, callers);
            }
        }
        Console.WriteLine();
        Console.WriteLine($"best remote  : {best.Rate:N0} calls/s with {best.Callers} callers (target {Target:N0}: {(best.Rate >= Target ? "pass" : "miss")}, {best.Rate / Target:0.00}× of target)");
        return 0;
    }

    private static async Task<(double Rate, double P50, double P99, double Cpu)> RunOnceAsync(IPingGrain[][] sets, TimeSpan duration)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = sets.Select(set => Task.Run(() => CallerLoopAsync(set, deadline))).ToArray();
        var latencies = await Task.WhenAll(loops);
        var elapsed = Stopwatch.GetElapsedTime(start);
        process.Refresh();
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        double Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(all.Length * p))] * 1_000_000.0 / Stopwatch.Frequency;
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds / (elapsed.TotalSeconds * Environment.ProcessorCount);
        return (all.Length / elapsed.TotalSeconds, Percentile(0.50), Percentile(0.99), cpu);
    }

    private static async Task<List<long>> CallerLoopAsync(IPingGrain[] grains, long deadline)
    {
        var latencies = new List<long>(1 << 14);
        var i = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var started = Stopwatch.GetTimestamp();
            // Checked, so a run counts only calls that really reached a grain on the other silo.
            if (await grains[i % grains.Length].Ping(i) != i + 1)
            {
                throw new InvalidOperationException($"Call {i} got a wrong answer.");
            }
            latencies.Add(Stopwatch.GetTimestamp() - started);
            i++;
        }
        return latencies;
    }
}
