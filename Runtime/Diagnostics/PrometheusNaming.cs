using System.Globalization;
using System.Text;

namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// Turns OpenTelemetry-style instrument names into Prometheus names and writes values, following
/// the text exposition format 0.0.4 (prometheus.io/docs/instrumenting/exposition_formats) and
/// OpenTelemetry's Prometheus compatibility rules: characters outside <c>[a-zA-Z0-9_:]</c>
/// become <c>_</c> (so <c>gatehouse.grain.calls</c> becomes <c>gatehouse_grain_calls</c>); the
/// unit <c>s</c> appends <c>_seconds</c> and <c>By</c> <c>_bytes</c>, annotations like
/// <c>{call}</c> append nothing; counters end in <c>_total</c>.
/// </summary>
internal static class PrometheusNaming
{
    public static string MetricName(string instrumentName, string? unit, MetricKind kind)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        var suffix = unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            "1" when kind == MetricKind.Gauge => "_ratio",
            _ => "",
        };
        if (suffix.Length > 0 && !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            name += suffix;
        }
        if (kind == MetricKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }
        return name;
    }

    /// <summary>Label names allow no colon, and those starting with <c>__</c> are reserved: they get a leading letter.</summary>
    public static string LabelName(string key)
    {
        var name = Sanitize(key, allowColon: false);
        return name.StartsWith("__", StringComparison.Ordinal) ? "l" + name : name;
    }

    /// <summary>Label values escape backslash, double quote and line feed.</summary>
    public static void AppendLabelValue(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '"': text.Append("\\\""); break;
                case '\n': text.Append(@"\n"); break;
                default: text.Append(c); break;
            }
        }
    }

    /// <summary>HELP text escapes backslash and line feed (a double quote stays as it is).</summary>
    public static void AppendHelp(StringBuilder text, string help)
    {
        foreach (var c in help)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '\n': text.Append(@"\n"); break;
                default: text.Append(c); break;
            }
        }
    }

    /// <summary>Go's ParseFloat reads these: shortest round-trip digits, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }
        var builder = new StringBuilder(name.Length + 1);
        if (char.IsAsciiDigit(name[0]))
        {
            builder.Append('_');
        }
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }
        return builder.ToString();
    }
}
