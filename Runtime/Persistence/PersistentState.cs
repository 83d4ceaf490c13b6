using System.Text.Json;
using Gatehouse.Runtime.Activation;

namespace Gatehouse.Runtime.Persistence;

/// <summary>
/// The runtime's <see cref="IPersistentState{TState}"/>: JSON in, JSON out, every write a
/// compare-and-swap on the ETag held by this activation.
/// </summary>
internal sealed class PersistentState<TState>(ActivationData activation, string stateName, IGrainStorage storage)
    : IPersistentState<TState>, IPersistentStateLoader where TState : new()
{
    private TState _state = new();

    public TState State
    {
        get => _state;
        set => _state = value ?? throw new ArgumentNullException(nameof(value));
    }

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    private JsonSerializerOptions JsonOptions => activation.Runtime.JsonOptions;

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var record = await storage.ReadAsync(stateName, activation.GrainId, cancellationToken);
        if (record?.Data is { } data)
        {
            _state = JsonSerializer.Deserialize<TState>(data, JsonOptions) ?? new TState();
            RecordExists = true;
        }
        else
        {
            _state = new TState();
            RecordExists = false;
        }
        Etag = record?.ETag;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(_state, JsonOptions);
        try
        {
            Etag = await storage.WriteAsync(stateName, activation.GrainId, data, Etag, cancellationToken);
            RecordExists = true;
        }
        catch (InconsistentStateException)
        {
            activation.RequestDeactivation(DeactivationReason.InconsistentState);
            throw;
        }
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            Etag = await storage.ClearAsync(stateName, activation.GrainId, Etag, cancellationToken);
        }
        catch (InconsistentStateException)
        {
            activation.RequestDeactivation(DeactivationReason.InconsistentState);
            throw;
        }
        _state = new TState();
        RecordExists = false;
    }
}
