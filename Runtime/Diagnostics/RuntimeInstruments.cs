using System.Diagnostics.Metrics;
using Gatehouse.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// One silo's grain-call, activation, membership and transport figures on the
/// <see cref="MeterNames.Runtime"/> meter. Calls are counted where the caller's request
/// completes (<see cref="CallCompleted"/>), so a remote call's duration includes the wire and
/// each call is counted once, by the silo that made it; the silo that ran a remote call counts it
/// apart, as served (<see cref="CallServed"/>). Recording a call allocates nothing and
/// takes no lock: the tags are constant strings on the stack, and the gauges are read only when
/// a collector asks.
/// </summary>
internal sealed class RuntimeInstruments
{
    public const string Ok = "ok";
    public const string Error = "error";
    public const string Timeout = "timeout";
    private const string Local = "local";
    private const string Remote = "remote";

    private readonly SiloRuntime _runtime;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _served;
    private IMembershipService? _membership;

    public RuntimeInstruments(SiloRuntime runtime, IMeterFactory meterFactory)
    {
        _runtime = runtime;
        var meter = meterFactory.Create(MeterNames.Runtime);
        _calls = meter.CreateCounter<long>("gatehouse.grain.calls", "{call}",
            "Grain and observer calls this silo made that completed, by where the grain ran (local, remote) and outcome (ok, error, timeout).");
        _duration = meter.CreateHistogram("gatehouse.grain.call.duration", "s",
            "From the call to its outcome reaching the caller; remote calls include the network and the other silo's queue.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets.Seconds });
        _served = meter.CreateCounter<long>("gatehouse.grain.calls.served", "{call}",
            "Calls from other silos and gateways that this silo ran and answered, by outcome (ok, error, timeout).");
        meter.CreateObservableGauge("gatehouse.activations", () => _runtime.Catalog.Count, "{activation}",
            "Grain activations in this silo, deactivating ones included.");
        meter.CreateObservableGauge("gatehouse.cluster.active_silos", ActiveSilos, "{silo}",
            "Silos this silo's membership view holds as active (itself included).");
        meter.CreateObservableGauge("gatehouse.transport.connections", () => _runtime.Transport?.Connections.Count ?? 0, "{connection}",
            "Open silo-to-silo connections, inbound and outbound (0 without a transport).");
        meter.CreateObservableGauge("gatehouse.transport.pending_calls", PendingRemoteCalls, "{call}",
            "Calls this silo sent to other silos that await a response.");
    }

    /// <summary>Records a call whose outcome just reached its caller; <paramref name="createdTimestamp"/> is on the silo's clock.</summary>
    public void CallCompleted(string outcome, bool remote, long createdTimestamp)
    {
        var location = new KeyValuePair<string, object?>("location", remote ? Remote : Local);
        if (_duration.Enabled)
        {
            _duration.Record(_runtime.TimeProvider.GetElapsedTime(createdTimestamp).TotalSeconds, location);
        }
        _calls.Add(1, location, new KeyValuePair<string, object?>("outcome", outcome));
    }

    /// <summary>Records a call that arrived over the transport and was answered (or, one-way, finished) here.</summary>
    public void CallServed(string outcome) => _served.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private int ActiveSilos()
    {
        // Resolved on first use: a membership service may itself depend on the runtime.
        _membership ??= _runtime.Services.GetService<IMembershipService>();
        return _membership?.ActiveSilos.Count ?? 0;
    }

    private int PendingRemoteCalls()
    {
        if (_runtime.Transport is not { } transport)
        {
            return 0;
        }
        var pending = 0;
        foreach (var connection in transport.Connections)
        {
            pending += connection.PendingCount;
        }
        return pending;
    }
}
