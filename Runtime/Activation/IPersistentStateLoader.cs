namespace Gatehouse.Runtime.Activation;

/// <summary>A persistent state the activation reads before running OnActivateAsync.</summary>
internal interface IPersistentStateLoader
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}
