using Gatehouse.Runtime.Diagnostics;

namespace Gatehouse.Runtime.Tests.Diagnostics;

/// <summary>Counters and histograms striped per processor still add up to every measurement.</summary>
public sealed class StripedSeriesTests
{
    [Fact]
    public async Task Concurrent_adds_from_every_core_are_all_counted()
    {
        var counter = new SumSeries();
        var histogram = new HistogramSeries([.. DurationBuckets.Seconds]);
        const int Threads = 8;
        const int PerThread = 50_000;

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                counter.Add(1);
                histogram.Record(i % 2 == 0 ? 0.0001 : 20.0);
            }
        })));

        Assert.Equal(Threads * PerThread, counter.Read().Integer);
        var counts = histogram.ReadCounts();
        Assert.Equal(Threads * PerThread / 2, counts[0]);
        Assert.Equal(Threads * PerThread / 2, counts[^1]);
        Assert.Equal(Threads * PerThread, counts.Sum());
        Assert.Equal(Threads * PerThread / 2 * (0.0001 + 20.0), histogram.Sum, precision: 3);
    }

    [Fact]
    public void A_set_value_replaces_what_every_stripe_held()
    {
        var gauge = new SumSeries();
        gauge.Add(5);
        gauge.Set(3);
        Assert.Equal(3, gauge.Read().Integer);
    }
}
