using System.Runtime;
using System.Runtime.InteropServices;

namespace Gatehouse.Benchmarks;

/// <summary>Prints what the figures were taken on, so a report can quote it.</summary>
internal static class MachineInfo
{
    public static void Print()
    {
        Console.WriteLine($"runtime      : {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})");
        Console.WriteLine($"os           : {RuntimeInformation.OSDescription}");
        Console.WriteLine($"cores        : {Environment.ProcessorCount}");
        Console.WriteLine($"gc           : {(GCSettings.IsServerGC ? "Server" : "Workstation")}, {GCSettings.LatencyMode}");
#if DEBUG
        Console.WriteLine("build        : DEBUG (figures are not representative; use -c Release)");
#else
        Console.WriteLine("build        : Release");
#endif
        if (File.Exists("/proc/loadavg"))
        {
            Console.WriteLine($"load average : {File.ReadAllText("/proc/loadavg").Trim()}");
        }
    }
}
