using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// Keeps the figures of one host's Gatehouse meters and writes them in the Prometheus text
/// format. It listens (with a <see cref="MeterListener"/>) to the instruments of every meter
/// whose name starts with <see cref="MeterNames.Prefix"/> and that was made by this host's
/// <see cref="IMeterFactory"/>: so a gateway reports its embedded silo and its HTTP traffic,
/// and two silos in one test process never mix. Other tools (dotnet-counters, an OpenTelemetry
/// SDK) can listen to the same meters alongside.
/// <para>
/// Cost on the hot path: one callback per measurement that finds its series in a small array
/// without locking and adds with an interlocked operation; nothing is allocated once a label set
/// has been seen. Scraping takes a lock, reads the observable gauges, and builds the text.
/// </para>
/// <para>
/// A DI singleton and a hosted service: being a hosted service makes the host create it before
/// any silo starts, so no measurement is made before it listens.
/// </para>
/// </summary>
public sealed class MetricsCollector : IHostedService, IDisposable
{
    /// <summary>The exposition format's media type (text format 0.0.4).</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly IMeterFactory _meterFactory;
    private readonly MeterListener _listener;
    private readonly Lock _instrumentsGate = new();
    private readonly Lock _scrapeGate = new();
    private readonly List<InstrumentAggregate> _instruments = [];

    public MetricsCollector(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meterFactory = meterFactory;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Add(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Add(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Add(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Add(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Add(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Add((double)value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Add((double)value, tags));
        _listener.Start();
    }

    /// <summary>Writes every figure in the Prometheus text format 0.0.4 (<see cref="ContentType"/>), process figures last.</summary>
    public string Scrape()
    {
        lock (_scrapeGate)
        {
            // Observable gauges are read now; a callback that throws must not cost the others.
            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The failing gauge keeps its last value; there is no one to tell but the scraper,
                // who sees the value go stale.
            }
            InstrumentAggregate[] instruments;
            lock (_instrumentsGate)
            {
                instruments = [.. _instruments];
            }
            var text = new StringBuilder(4096);
            PrometheusTextWriter.Write(text, instruments);
            ProcessFigures.Write(text);
            return text.ToString();
        }
    }

    /// <summary>Writes <see cref="Scrape"/>'s text to <paramref name="stream"/> as UTF-8.</summary>
    public Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = Encoding.UTF8.GetBytes(Scrape());
        return stream.WriteAsync(bytes, cancellationToken).AsTask();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        var meter = instrument.Meter;
        if (!ReferenceEquals(meter.Scope, _meterFactory) || !meter.Name.StartsWith(MeterNames.Prefix, StringComparison.Ordinal))
        {
            return;
        }
        if (Describe(instrument) is not { } aggregate)
        {
            return;
        }
        lock (_instrumentsGate)
        {
            _instruments.Add(aggregate);
        }
        listener.EnableMeasurementEvents(instrument, aggregate);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        lock (_instrumentsGate)
        {
            _instruments.Remove((InstrumentAggregate)state!);
        }
    }

    private static InstrumentAggregate? Describe(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }
        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>))
        {
            return new(instrument, MetricKind.Counter, recordsCurrentValue: false, []);
        }
        if (definition == typeof(ObservableCounter<>))
        {
            return new(instrument, MetricKind.Counter, recordsCurrentValue: true, []);
        }
        if (definition == typeof(UpDownCounter<>))
        {
            return new(instrument, MetricKind.Gauge, recordsCurrentValue: false, []);
        }
        if (definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>))
        {
            return new(instrument, MetricKind.Gauge, recordsCurrentValue: true, []);
        }
        if (definition == typeof(Histogram<>))
        {
            return new(instrument, MetricKind.Histogram, recordsCurrentValue: false, BucketBounds(instrument));
        }
        return null;
    }

    /// <summary>The instrument's advised bounds (<see cref="InstrumentAdvice{T}"/>), else <see cref="DurationBuckets.Seconds"/>.</summary>
    private static double[] BucketBounds(Instrument instrument)
    {
        IEnumerable<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            _ => null,
        };
        var bounds = (advised ?? DurationBuckets.Seconds).Where(b => !double.IsNaN(b) && !double.IsInfinity(b)).Distinct().ToArray();
        Array.Sort(bounds);
        return bounds;
    }
}
