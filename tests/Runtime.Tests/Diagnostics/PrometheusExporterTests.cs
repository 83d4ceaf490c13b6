using System.Diagnostics.Metrics;
using Gatehouse.Runtime.Diagnostics;
using Gatehouse.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Runtime.Tests.Diagnostics;

/// <summary>
/// What <see cref="MetricsCollector"/> writes, read back with a strict parser of the text
/// format 0.0.4: names, HELP and TYPE, label escaping, cumulative histogram buckets, and which
/// meters it listens to.
/// </summary>
public sealed class PrometheusExporterTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private IMeterFactory Factory => _services.GetRequiredService<IMeterFactory>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void A_counter_gets_total_HELP_and_TYPE_and_its_label_values_and_help_are_escaped()
    {
        using var collector = new MetricsCollector(Factory);
        var meter = Factory.Create("Gatehouse.Tests");
        var counter = meter.CreateCounter<long>("test.requests", "{request}", "First line\nback\\slash \"quoted\"");

        counter.Add(2, new KeyValuePair<string, object?>("path", "a\"b\\c\nd"));
        counter.Add(3, new KeyValuePair<string, object?>("path", "a\"b\\c\nd"));
        counter.Add(1, new KeyValuePair<string, object?>("path", "plain"));
        var text = collector.Scrape();

        Assert.Contains("# HELP test_requests_total First line\\nback\\\\slash \"quoted\"\n", text);
        Assert.Contains("test_requests_total{path=\"a\\\"b\\\\c\\nd\"} 5\n", text);
        var parsed = PrometheusText.Parse(text);
        var family = parsed.Families["test_requests_total"];
        Assert.Equal("counter", family.Type);
        Assert.Equal("First line\nback\\slash \"quoted\"", family.Help);
        Assert.Equal(5, parsed.Value("test_requests_total", ("path", "a\"b\\c\nd")));
        Assert.Equal(1, parsed.Value("test_requests_total", ("path", "plain")));
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_le_inclusive_and_count_equals_the_measurements()
    {
        using var collector = new MetricsCollector(Factory);
        var meter = Factory.Create("Gatehouse.Tests");
        var histogram = meter.CreateHistogram<double>("test.wait", "s", "How long.");
        double[] measurements = [0.0001, 0.0005, 0.003, 0.7, 0.7, 20];

        foreach (var value in measurements)
        {
            histogram.Record(value, new KeyValuePair<string, object?>("kind", "x"));
        }
        var parsed = PrometheusText.Parse(collector.Scrape());

        var family = parsed.Families["test_wait_seconds"];
        Assert.Equal("histogram", family.Type);
        var buckets = family.Samples.Where(s => s.Name == "test_wait_seconds_bucket").ToList();
        Assert.Equal([.. DurationBuckets.Seconds.Select(b => b.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), "+Inf"], buckets.Select(b => b.Labels["le"]));
        Assert.All(buckets, b => Assert.Equal("x", b.Labels["kind"]));
        var counts = buckets.Select(b => b.Value).ToList();
        for (var i = 1; i < counts.Count; i++)
        {
            Assert.True(counts[i] >= counts[i - 1], $"Bucket {buckets[i].Labels["le"]} holds {counts[i]}, fewer than the one before ({counts[i - 1]}).");
        }
        // A value equal to a bound belongs to that bound's bucket ("less than or equal").
        Assert.Equal(2, parsed.Value("test_wait_seconds_bucket", ("kind", "x"), ("le", "0.0005")));
        Assert.Equal(3, parsed.Value("test_wait_seconds_bucket", ("kind", "x"), ("le", "0.005")));
        Assert.Equal(5, parsed.Value("test_wait_seconds_bucket", ("kind", "x"), ("le", "1")));
        Assert.Equal(5, parsed.Value("test_wait_seconds_bucket", ("kind", "x"), ("le", "10")));
        Assert.Equal(6, parsed.Value("test_wait_seconds_bucket", ("kind", "x"), ("le", "+Inf")));
        Assert.Equal(measurements.Length, parsed.Value("test_wait_seconds_count", ("kind", "x")));
        Assert.Equal(measurements.Sum(), parsed.Value("test_wait_seconds_sum", ("kind", "x"))!.Value, 9);
    }

    [Fact]
    public void Advised_bucket_bounds_replace_the_default_ones()
    {
        using var collector = new MetricsCollector(Factory);
        var meter = Factory.Create("Gatehouse.Tests");
        var histogram = meter.CreateHistogram("test.size", "By", "Sizes.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [100, 1000] });

        histogram.Record(50);
        histogram.Record(5000);
        var parsed = PrometheusText.Parse(collector.Scrape());

        Assert.Equal(["100", "1000", "+Inf"], parsed.Families["test_size_bytes"].Samples.Where(s => s.Name.EndsWith("_bucket")).Select(s => s.Labels["le"]));
        Assert.Equal(1, parsed.Value("test_size_bytes_bucket", ("le", "1000")));
        Assert.Equal(2, parsed.Value("test_size_bytes_count"));
    }

    [Fact]
    public void Gauges_are_read_when_scraped_and_up_down_counters_add_up()
    {
        using var collector = new MetricsCollector(Factory);
        var meter = Factory.Create("Gatehouse.Tests");
        var current = 7;
        meter.CreateObservableGauge("test.level", () => current, "{item}", "A level.");
        var updown = meter.CreateUpDownCounter<int>("test.open", "{item}", "Open things.");

        updown.Add(5);
        updown.Add(-2);
        Assert.Equal(7, PrometheusText.Parse(collector.Scrape()).Value("test_level"));
        current = 3;
        var parsed = PrometheusText.Parse(collector.Scrape());

        Assert.Equal(3, parsed.Value("test_level"));
        Assert.Equal("gauge", parsed.Families["test_level"].Type);
        Assert.Equal(3, parsed.Value("test_open"));
        Assert.Equal("gauge", parsed.Families["test_open"].Type);
    }

    [Fact]
    public void Meters_of_another_host_or_another_library_are_not_exposed()
    {
        using var collector = new MetricsCollector(Factory);
        using var otherHost = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var theirs = otherHost.GetRequiredService<IMeterFactory>().Create("Gatehouse.Tests");
        var library = Factory.Create("Some.Library");
        var ours = Factory.Create("Gatehouse.Tests");

        theirs.CreateCounter<long>("test.theirs").Add(1);
        library.CreateCounter<long>("test.library").Add(1);
        ours.CreateCounter<long>("test.ours").Add(1);
        var parsed = PrometheusText.Parse(collector.Scrape());

        Assert.Equal(1, parsed.Value("test_ours_total"));
        Assert.DoesNotContain("test_theirs_total", parsed.Families.Keys);
        Assert.DoesNotContain("test_library_total", parsed.Families.Keys);
    }

    [Fact]
    public void Process_figures_are_written_under_the_usual_names()
    {
        using var collector = new MetricsCollector(Factory);

        var parsed = PrometheusText.Parse(collector.Scrape());

        Assert.Equal("counter", parsed.Families["process_cpu_seconds_total"].Type);
        Assert.True(parsed.Value("process_cpu_seconds_total") > 0);
        Assert.True(parsed.Value("process_resident_memory_bytes") > 0);
        Assert.True(parsed.Value("dotnet_gc_heap_size_bytes") > 0);
        Assert.NotNull(parsed.Value("dotnet_gc_collections_total", ("generation", "0")));
    }

    [Theory]
    [InlineData("gatehouse.grain.calls", "{call}", "counter", "gatehouse_grain_calls_total")]
    [InlineData("gatehouse.grain.call.duration", "s", "histogram", "gatehouse_grain_call_duration_seconds")]
    [InlineData("gatehouse.activations", "{activation}", "gauge", "gatehouse_activations")]
    [InlineData("odd-name/with spaces", null, "gauge", "odd_name_with_spaces")]
    [InlineData("9lives", "By", "gauge", "_9lives_bytes")]
    public void Instrument_names_become_prometheus_names(string instrument, string? unit, string kind, string expected)
    {
        var metricKind = kind switch { "counter" => MetricKind.Counter, "histogram" => MetricKind.Histogram, _ => MetricKind.Gauge };
        Assert.Equal(expected, PrometheusNaming.MetricName(instrument, unit, metricKind));
    }
}
