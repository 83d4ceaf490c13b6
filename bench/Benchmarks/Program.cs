using BenchmarkDotNet.Running;

namespace Gatehouse.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- --filter '*'</c> runs the
/// BenchmarkDotNet suite; <c>-- memory [count]</c> and <c>-- throughput [seconds] [callers,…]</c>
/// run the two measurements BenchmarkDotNet is not built for;
/// <c>-- allocations [seconds]</c> splits a call's allocations by type;
/// <c>-- messages append|query sqlite|postgres</c> measures the message store;
/// <c>-- remote [seconds] [callers,…]</c> measures grain calls between two silos over TCP. See docs/benchmarks.md.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["memory", .. var rest]:
                return await MemoryMode.RunAsync(rest);
            case ["throughput", .. var rest]:
                return await ThroughputMode.RunAsync(rest);
            case ["messages", .. var rest]:
                return await MessageStoreMode.RunAsync(rest);
            case ["remote", .. var rest]:
                return await RemoteCallMode.RunAsync(rest);
            case ["allocations", .. var rest]:
                return await AllocationMode.RunAsync(rest);
            default:
                var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
        }
    }
}
