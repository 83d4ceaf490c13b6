using System.Diagnostics;
using System.Globalization;
using Gatehouse.Benchmarks.Grains;
using Gatehouse.TestingHost;

namespace Gatehouse.Benchmarks;

/// <summary>
/// Which objects a grain call allocates: runs a few caller loops of calls to activated grains
/// for <c>seconds</c> (default 5) per scenario, counts exact bytes per call from
/// <see cref="GC.GetTotalAllocatedBytes(bool)"/>, and splits them by type with
/// <see cref="AllocationSampler"/>.
/// </summary>
internal static class AllocationMode
{
    private const int Callers = 4;
    private const int Top = 15;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        Console.WriteLine($"# allocations per grain call, by type (sampled), {seconds:0.#} s per scenario, {Callers} callers");
        MachineInfo.Print();
        using var sampler = new AllocationSampler();

        await using (var cluster = await BenchClusters.StartAsync())
        {
            var grains = await ActivateAsync(cluster);
            await ProfileAsync(sampler, "Ping(int), in-process", seconds, grains, static (g, i) => g.Ping(i));
            var payload = new Payload { Name = "widget", Quantity = 3, Price = 9.5, Tags = ["a", "b"] };
            await ProfileAsync(sampler, "Inspect(Payload), in-process (copied)", seconds, grains, (g, _) => g.Inspect(payload));
        }
        await using (var cluster = await BenchClusters.StartAsync(b => b.ConfigureOptions(o => o.SerializeAllCalls = true)))
        {
            var grains = await ActivateAsync(cluster);
            await ProfileAsync(sampler, "Ping(int), SerializeAllCalls", seconds, grains, static (g, i) => g.Ping(i));
        }
        return 0;
    }

    private static async Task<IPingGrain[]> ActivateAsync(TestCluster cluster)
    {
        var grains = Enumerable.Range(0, Callers * 4).Select(i => cluster.GrainFactory.GetGrain<IPingGrain>(i)).ToArray();
        await Task.WhenAll(grains.Select(g => g.Ping(0)));
        return grains;
    }

    private static async Task ProfileAsync(AllocationSampler sampler, string scenario, double seconds, IPingGrain[] grains, Func<IPingGrain, int, Task<int>> call)
    {
        // Warm up (JIT, tiering) without recording.
        await RunAsync(grains, call, Stopwatch.GetTimestamp() + Stopwatch.Frequency);

        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        sampler.Start();
        var calls = await RunAsync(grains, call, Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency));
        var samples = sampler.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var sampled = samples.Values.Sum();
        Console.WriteLine();
        Console.WriteLine($"## {scenario}: {calls:N0} calls, {allocated / (double)calls:0} bytes allocated per call");
        Console.WriteLine($"{"share",7} {"≈B/call",8}  type");
        foreach (var (type, bytes) in samples.OrderByDescending(p => p.Value).Take(Top))
        {
            var share = bytes / (double)sampled;
            Console.WriteLine($"{share,7:P1} {share * allocated / calls,8:0}  {type}");
        }
    }

    private static async Task<long> RunAsync(IPingGrain[] grains, Func<IPingGrain, int, Task<int>> call, long deadline)
    {
        var loops = Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            long calls = 0;
            var i = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await call(grains[c * 4 + (i & 3)], i++);
                calls++;
            }
            return calls;
        })).ToArray();
        return (await Task.WhenAll(loops)).Sum();
    }
}
