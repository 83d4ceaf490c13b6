using System.Globalization;
using System.Text;

namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// Writes instrument aggregates as Prometheus text exposition format 0.0.4: per metric family one
/// <c># HELP</c> and one <c># TYPE</c> line, then its samples; histograms as cumulative
/// <c>_bucket{le="…"}</c> samples ending in <c>le="+Inf"</c>, then <c>_sum</c> and <c>_count</c>.
/// Instruments that map to the same name are written as one family.
/// </summary>
internal static class PrometheusTextWriter
{
    public static void Write(StringBuilder text, IReadOnlyList<InstrumentAggregate> instruments)
    {
        foreach (var family in instruments.GroupBy(i => i.Name, StringComparer.Ordinal).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var first = family.First();
            WriteHeader(text, family.Key, first.Instrument.Description ?? first.Instrument.Name, first.Kind switch
            {
                MetricKind.Counter => "counter",
                MetricKind.Histogram => "histogram",
                _ => "gauge",
            });
            foreach (var instrument in family)
            {
                foreach (var series in instrument.Series)
                {
                    if (series is HistogramSeries histogram)
                    {
                        WriteHistogram(text, family.Key, instrument.Bounds, histogram);
                    }
                    else
                    {
                        var (integer, value, isInteger) = ((SumSeries)series).Read();
                        WriteSample(text, family.Key, series.Labels, null, isInteger ? integer.ToString(CultureInfo.InvariantCulture) : PrometheusNaming.FormatDouble(value));
                    }
                }
            }
        }
    }

    public static void WriteHeader(StringBuilder text, string name, string help, string type)
    {
        text.Append("# HELP ").Append(name).Append(' ');
        PrometheusNaming.AppendHelp(text, help);
        text.Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    public static void WriteSample(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, string value)
    {
        text.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            text.Append('{');
            var separator = "";
            foreach (var (key, labelValue) in labels)
            {
                text.Append(separator).Append(PrometheusNaming.LabelName(key)).Append("=\"");
                PrometheusNaming.AppendLabelValue(text, labelValue);
                text.Append('"');
                separator = ",";
            }
            if (le is not null)
            {
                text.Append(separator).Append("le=\"").Append(le).Append('"');
            }
            text.Append('}');
        }
        text.Append(' ').Append(value).Append('\n');
    }

    private static void WriteHistogram(StringBuilder text, string name, IReadOnlyList<double> bounds, HistogramSeries histogram)
    {
        var counts = histogram.ReadCounts();
        var bucket = name + "_bucket";
        long cumulative = 0;
        for (var i = 0; i < bounds.Count; i++)
        {
            cumulative += counts[i];
            WriteSample(text, bucket, histogram.Labels, PrometheusNaming.FormatDouble(bounds[i]), cumulative.ToString(CultureInfo.InvariantCulture));
        }
        cumulative += counts[^1];
        var total = cumulative.ToString(CultureInfo.InvariantCulture);
        WriteSample(text, bucket, histogram.Labels, "+Inf", total);
        WriteSample(text, name + "_sum", histogram.Labels, null, PrometheusNaming.FormatDouble(histogram.Sum));
        WriteSample(text, name + "_count", histogram.Labels, null, total);
    }
}
