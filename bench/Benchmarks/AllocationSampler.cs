using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Gatehouse.Benchmarks;

/// <summary>
/// Samples what the process allocates, by type, from the runtime's own GCAllocationTick events
/// (one event about every 100 KB allocated, naming the type of the object that crossed the
/// mark). Over millions of calls the samples give each type's share of the bytes; no external
/// tool needed.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _bytesByType = new();
    private volatile bool _recording;

    public void Start()
    {
        _bytesByType.Clear();
        _recording = true;
    }

    public IReadOnlyDictionary<string, long> Stop()
    {
        _recording = false;
        return new Dictionary<string, long>(_bytesByType);
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeProvider)
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
        {
            return;
        }
        var typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (amountIndex < 0)
        {
            amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount");
        }
        if (typeIndex < 0 || amountIndex < 0)
        {
            return;
        }
        var type = eventData.Payload![typeIndex] as string ?? "?";
        var amount = Convert.ToInt64(eventData.Payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture);
        _bytesByType.AddOrUpdate(type, amount, (_, total) => total + amount);
    }
}
