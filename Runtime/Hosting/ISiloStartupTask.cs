namespace Gatehouse.Runtime.Hosting;

/// <summary>
/// Work that must finish before a silo accepts calls, such as creating or migrating a storage
/// schema. Tasks run in ascending <see cref="Order"/>; a failure stops the silo from starting.
/// </summary>
public interface ISiloStartupTask
{
    /// <summary>Lower runs first. Storage schemas use <see cref="SiloStartupOrder.Storage"/>.</summary>
    int Order { get; }

    Task ExecuteAsync(CancellationToken cancellationToken);
}
