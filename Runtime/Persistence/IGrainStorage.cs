namespace Gatehouse.Runtime.Persistence;

/// <summary>
/// A grain state store. Every write is a compare-and-swap on the version (ETag): the database,
/// not the runtime, is what guarantees that two activations never both commit over one version.
/// State travels as opaque bytes (UTF-8 JSON written by <see cref="PersistentState{T}"/>).
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads a state row, or null when none was ever written.</summary>
    Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="data"/> if the stored version equals <paramref name="expectedEtag"/>
    /// (null: no row may exist yet) and returns the new version.
    /// </summary>
    /// <exception cref="InconsistentStateException">The stored version differs.</exception>
    Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Clears the state under the same compare-and-swap rule, leaving a tombstone whose new
    /// version is returned.
    /// </summary>
    /// <exception cref="InconsistentStateException">The stored version differs.</exception>
    Task<string> ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken = default);
}
