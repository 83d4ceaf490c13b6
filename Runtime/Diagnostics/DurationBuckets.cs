namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// The bucket upper bounds, in seconds, of every Gatehouse duration histogram: 0.5 ms to 10 s,
/// roughly ×2.5 apart. An in-process grain call takes microseconds to a few milliseconds, a
/// remote call or a database round trip a few milliseconds; the default call timeout is 30 s,
/// and anything above 10 s lands in <c>+Inf</c>, which is already an incident. Fourteen buckets
/// keep each histogram series small enough to scrape every few seconds.
/// </summary>
public static class DurationBuckets
{
    public static IReadOnlyList<double> Seconds { get; } =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
}
