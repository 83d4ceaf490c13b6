using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// The process's own figures, under the names Prometheus client libraries use
/// (<c>process_*</c>, prometheus.io/docs/instrumenting/writing_clientlibs/#process-metrics) and
/// <c>dotnet_*</c> for the runtime. Read at scrape time from <see cref="Environment"/>,
/// <see cref="GC"/> and <see cref="ThreadPool"/>; none costs more than a system call.
/// </summary>
internal static class ProcessFigures
{
    private static readonly double StartTimeSeconds = ReadStartTime();

    private static readonly IReadOnlyList<KeyValuePair<string, string>> NoLabels = [];

    public static void Write(StringBuilder text)
    {
        WriteOne(text, "process_cpu_seconds_total", "counter", "User and system CPU time the process has used, in seconds.",
            Environment.CpuUsage.TotalTime.TotalSeconds);
        WriteOne(text, "process_resident_memory_bytes", "gauge", "The process's working set (resident memory), in bytes.",
            Environment.WorkingSet);
        WriteOne(text, "process_start_time_seconds", "gauge", "When the process started, in seconds since the Unix epoch.",
            StartTimeSeconds);
        WriteOne(text, "dotnet_gc_heap_size_bytes", "gauge", "Bytes the managed heap holds now (GC.GetTotalMemory, without collecting).",
            GC.GetTotalMemory(forceFullCollection: false));
        PrometheusTextWriter.WriteHeader(text, "dotnet_gc_collections_total", "Garbage collections since the process started, by generation.", "counter");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            PrometheusTextWriter.WriteSample(text, "dotnet_gc_collections_total",
                [new("generation", generation.ToString(CultureInfo.InvariantCulture))], null,
                GC.CollectionCount(generation).ToString(CultureInfo.InvariantCulture));
        }
        WriteOne(text, "dotnet_threadpool_threads", "gauge", "Thread-pool threads that exist now.", ThreadPool.ThreadCount);
        WriteOne(text, "dotnet_threadpool_queue_length", "gauge", "Work items queued on the thread pool, not yet started.", ThreadPool.PendingWorkItemCount);
    }

    private static void WriteOne(StringBuilder text, string name, string type, string help, double value)
    {
        PrometheusTextWriter.WriteHeader(text, name, help, type);
        PrometheusTextWriter.WriteSample(text, name, NoLabels, null, PrometheusNaming.FormatDouble(value));
    }

    private static double ReadStartTime()
    {
        using var process = Process.GetCurrentProcess();
        return new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
    }
}
