using Gatehouse.Runtime.Diagnostics;
using Gatehouse.Tests.Hosting;
using Gatehouse.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Runtime.Tests.Diagnostics;

/// <summary>Reads a test silo's <c>/metrics</c> text through its collector, parsed.</summary>
internal static class Scrape
{
    public static PrometheusText Of(TestSilo silo) =>
        PrometheusText.Parse(silo.Services.GetRequiredService<MetricsCollector>().Scrape());

    /// <summary>A counter's value, 0 while the label set has not been seen (Prometheus shows no series then).</summary>
    public static double Count(this PrometheusText text, string name, params (string Key, string Value)[] labels) =>
        text.Value(name, labels) ?? 0;
}
