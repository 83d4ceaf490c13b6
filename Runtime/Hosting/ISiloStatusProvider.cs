namespace Gatehouse.Runtime.Hosting;

/// <summary>What hosts ask to answer health probes.</summary>
public interface ISiloStatusProvider
{
    SiloStatus Status { get; }

    /// <summary>
    /// Checks the silo's dependencies (storage reachable, and later membership). Returns null when
    /// healthy, or a short operator-facing reason when not.
    /// </summary>
    Task<string?> CheckReadinessAsync(CancellationToken cancellationToken);
}
