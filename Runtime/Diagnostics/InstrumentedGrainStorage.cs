using Gatehouse.Runtime.Persistence;

namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// Counts a grain storage provider's reads, writes and clears (<see cref="StorageInstruments"/>).
/// The runtime puts it between every <c>[PersistentState]</c> and its provider, so any provider,
/// a host's own included, is counted the same way. Exceptions pass through unchanged.
/// </summary>
internal sealed class InstrumentedGrainStorage : IGrainStorage
{
    private readonly IGrainStorage _inner;
    private readonly StorageInstruments _instruments;
    private readonly StorageOperation _read;
    private readonly StorageOperation _write;
    private readonly StorageOperation _clear;

    public InstrumentedGrainStorage(IGrainStorage inner, StorageInstruments instruments)
    {
        _inner = inner;
        _instruments = instruments;
        var provider = inner.GetType().Name;
        _read = new(StorageInstruments.GrainState, provider, "read");
        _write = new(StorageInstruments.GrainState, provider, "write");
        _clear = new(StorageInstruments.GrainState, provider, "clear");
    }

    public async Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken = default)
    {
        var started = _instruments.Start();
        try
        {
            var record = await _inner.ReadAsync(stateName, grainId, cancellationToken).ConfigureAwait(false);
            _instruments.Succeeded(_read, started);
            return record;
        }
        catch (Exception exception)
        {
            _instruments.Failed(_read, started, exception, cancellationToken);
            throw;
        }
    }

    public async Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        var started = _instruments.Start();
        try
        {
            var etag = await _inner.WriteAsync(stateName, grainId, data, expectedEtag, cancellationToken).ConfigureAwait(false);
            _instruments.Succeeded(_write, started);
            return etag;
        }
        catch (Exception exception)
        {
            _instruments.Failed(_write, started, exception, cancellationToken);
            throw;
        }
    }

    public async Task<string> ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        var started = _instruments.Start();
        try
        {
            var etag = await _inner.ClearAsync(stateName, grainId, expectedEtag, cancellationToken).ConfigureAwait(false);
            _instruments.Succeeded(_clear, started);
            return etag;
        }
        catch (Exception exception)
        {
            _instruments.Failed(_clear, started, exception, cancellationToken);
            throw;
        }
    }
}
