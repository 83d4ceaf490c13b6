namespace Gatehouse.Runtime.Persistence;

/// <summary>
/// A piece of grain state kept in a storage provider. Inject it into a grain's constructor with
/// <see cref="PersistentStateAttribute"/>; it is read before <c>OnActivateAsync</c> runs.
/// </summary>
public interface IPersistentState<TState> where TState : new()
{
    TState State { get; set; }

    /// <summary>The stored version this activation last read or wrote; null if nothing is stored.</summary>
    string? Etag { get; }

    /// <summary>True when storage holds a (non-cleared) record.</summary>
    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <see cref="State"/> if storage still holds <see cref="Etag"/>. When it does not, throws
    /// <see cref="InconsistentStateException"/> and deactivates the activation, so that its next call
    /// starts from what is stored.
    /// </summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Clears the stored state under the same version check and resets <see cref="State"/>.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
