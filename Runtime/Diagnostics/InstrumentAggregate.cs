using System.Diagnostics.Metrics;

namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// Everything a <see cref="MetricsCollector"/> keeps of one instrument: its kind, its
/// Prometheus name, and one series per label set. Finding a series on the hot path reads an
/// array without locking; only the first measurement of a new label set takes the lock, to
/// publish a copy of the array with the new series at the end.
/// </summary>
internal sealed class InstrumentAggregate
{
    private readonly Lock _gate = new();
    private readonly double[] _bounds;
    private volatile MetricSeries[] _series = [];

    public InstrumentAggregate(Instrument instrument, MetricKind kind, bool recordsCurrentValue, double[] bounds)
    {
        Instrument = instrument;
        Kind = kind;
        RecordsCurrentValue = recordsCurrentValue;
        _bounds = bounds;
        Name = PrometheusNaming.MetricName(instrument.Name, instrument.Unit, kind);
    }

    public Instrument Instrument { get; }

    public MetricKind Kind { get; }

    /// <summary>Measurements are current values (observable instruments, gauges), not changes to add up.</summary>
    public bool RecordsCurrentValue { get; }

    /// <summary>The exposed name (<c>gatehouse_grain_calls_total</c>).</summary>
    public string Name { get; }

    public IReadOnlyList<double> Bounds => _bounds;

    public MetricSeries[] Series => _series;

    public void Add(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = Find(tags);
        if (series is HistogramSeries histogram)
        {
            histogram.Record(value);
        }
        else if (RecordsCurrentValue)
        {
            ((SumSeries)series).Set(value);
        }
        else
        {
            ((SumSeries)series).Add(value);
        }
    }

    public void Add(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = Find(tags);
        if (series is HistogramSeries histogram)
        {
            histogram.Record(value);
        }
        else if (RecordsCurrentValue)
        {
            ((SumSeries)series).Set(value);
        }
        else
        {
            ((SumSeries)series).Add(value);
        }
    }

    private MetricSeries Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var series in _series)
        {
            if (series.Matches(tags))
            {
                return series;
            }
        }
        return AddSeries(tags);
    }

    private MetricSeries AddSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            var current = _series;
            foreach (var existing in current)
            {
                if (existing.Matches(tags))
                {
                    return existing;
                }
            }
            MetricSeries series = Kind == MetricKind.Histogram ? new HistogramSeries(_bounds) : new SumSeries();
            series.SetTags(tags);
            _series = [.. current, series];
            return series;
        }
    }
}
