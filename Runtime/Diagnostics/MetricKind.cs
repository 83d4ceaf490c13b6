namespace Gatehouse.Runtime.Diagnostics;

/// <summary>How an instrument's measurements are kept and exposed (Prometheus metric types).</summary>
internal enum MetricKind
{
    /// <summary>A monotonic sum (Counter, ObservableCounter): a Prometheus counter, exposed with <c>_total</c>.</summary>
    Counter,

    /// <summary>A value that goes up and down (UpDownCounter, Gauge and their observable forms).</summary>
    Gauge,

    /// <summary>Measurements sorted into cumulative buckets, with their sum and count.</summary>
    Histogram,
}
