using System.Globalization;

namespace Gatehouse.Runtime.Persistence.Memory;

/// <summary>
/// Grain storage held in this process's memory, for tests and throwaway silos. It follows the
/// same compare-and-swap rules as the SQL providers, tombstones included, so a test that passes
/// against it exercises the same conflicts a real database would raise. Nothing survives the
/// process, and each instance (each silo's service provider) has its own store.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    // One lock for the whole store: every operation is a dictionary lookup plus an array copy,
    // so contention is short, and a single lock makes each compare-and-swap trivially atomic.
    private readonly Lock _lock = new();
    private readonly Dictionary<(string StateName, GrainId GrainId), StoredState> _states = [];

    public Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_states.TryGetValue((stateName, grainId), out var stored))
            {
                return Task.FromResult<GrainStateRecord?>(null);
            }

            // Copy out so that a caller mutating the array cannot change what is stored.
            return Task.FromResult<GrainStateRecord?>(new GrainStateRecord(stored.Data?.ToArray(), FormatEtag(stored.Version)));
        }
    }

    public Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken = default)
        => Task.FromResult(Swap(stateName, grainId, data.ToArray(), expectedEtag, cancellationToken));

    public Task<string> ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken = default)
        => Task.FromResult(Swap(stateName, grainId, null, expectedEtag, cancellationToken));

    private string Swap(string stateName, GrainId grainId, byte[]? data, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        cancellationToken.ThrowIfCancellationRequested();
        var key = (stateName, grainId);
        lock (_lock)
        {
            var exists = _states.TryGetValue(key, out var stored);
            var storedEtag = exists ? FormatEtag(stored.Version) : null;
            if (!string.Equals(storedEtag, expectedEtag, StringComparison.Ordinal))
            {
                throw new InconsistentStateException(
                    $"Version conflict on state '{stateName}' of grain {grainId}: expected ETag {expectedEtag ?? "(none)"}, storage holds {storedEtag ?? "(none)"}.",
                    storedEtag,
                    expectedEtag);
            }

            var version = exists ? stored.Version + 1 : 1;
            _states[key] = new StoredState(data, version);
            return FormatEtag(version);
        }
    }

    private static string FormatEtag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private readonly record struct StoredState(byte[]? Data, long Version);
}
