namespace Gatehouse.Runtime.Hosting;

/// <summary>
/// A dependency the silo needs to serve, such as a storage database. Registered as a singleton
/// by the provider; <see cref="ISiloStatusProvider.CheckReadinessAsync"/> asks all of them.
/// </summary>
public interface ISiloHealthCheck
{
    /// <summary>Short name for the operator ("sqlite-storage").</summary>
    string Name { get; }

    /// <summary>Null when healthy, otherwise a short reason (never containing a secret such as a password).</summary>
    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
