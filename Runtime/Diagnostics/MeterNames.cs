namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// Names of the <see cref="System.Diagnostics.Metrics.Meter"/>s Gatehouse publishes. Each host
/// creates its meters through its own <see cref="System.Diagnostics.Metrics.IMeterFactory"/>, so
/// two silos in one process (a TestCluster) keep their figures apart.
/// </summary>
public static class MeterNames
{
    /// <summary>Grain calls, activations, membership, transport and storage.</summary>
    public const string Runtime = "Gatehouse.Runtime";

    /// <summary>The prefix <see cref="MetricsCollector"/> listens to: every Gatehouse meter, and no one else's.</summary>
    public const string Prefix = "Gatehouse.";
}
