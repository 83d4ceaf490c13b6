using Gatehouse.Grains.GroupCommit;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Grains.Audit;

/// <summary>
/// The write path shared by the SQL audit stores: group commit of concurrent appends through a
/// <see cref="GroupCommitWriter{T}"/>, which explains why batching keeps every append durable
/// before it returns. At tens of thousands of authentications a second, or under a flood of
/// failed logins, one transaction per event would make the disk the limit. The silo's service
/// provider calls <see cref="DisposeAsync"/> after every hosted service has stopped, so
/// everything queued is committed before the process ends.
/// </summary>
public abstract class BatchingAuditLog : IAuditLog, IAsyncDisposable, IDisposable
{
    private readonly GroupCommitWriter<AuditEvent> _writer;
    private readonly TimeProvider _timeProvider;
    private readonly Runtime.Diagnostics.StorageOperation _commit;

    protected BatchingAuditLog(AuditLogOptions? options, TimeProvider? timeProvider, ILogger? logger)
    {
        options ??= new AuditLogOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1, nameof(options));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _commit = new(Runtime.Diagnostics.StorageInstruments.Audit, GetType().Name, "commit");
        _writer = new GroupCommitWriter<AuditEvent>(CommitAsync, options.MaxBatchSize, options.QueueCapacity, "audit log", logger);
    }

    /// <summary>Where each batch commit is counted (one operation per transaction, not per event); null counts nothing.</summary>
    public Runtime.Diagnostics.StorageInstruments? Instruments { get; init; }

    /// <inheritdoc/>
    public ValueTask AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
        => _writer.AppendAsync(AuditValidation.PrepareForAppend(auditEvent, _timeProvider), cancellationToken);

    /// <inheritdoc/>
    public abstract Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    private Task CommitAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken) =>
        Instruments is { } instruments
            ? instruments.MeasureAsync(_commit, token => WriteBatchAsync(batch, token), cancellationToken)
            : WriteBatchAsync(batch, cancellationToken);

    /// <summary>
    /// Stores <paramref name="batch"/> (in queue order) in one transaction and returns only after
    /// it has committed; throws, with nothing stored, otherwise. Called by one writer at a time.
    /// </summary>
    protected abstract Task WriteBatchAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken);

    /// <summary>Stops taking appends and returns when every queued event has been committed (or has failed).</summary>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// For containers and callers that dispose synchronously; blocks until the queue is drained.
    /// The service provider of a generic host calls <see cref="DisposeAsync"/> instead.
    /// </summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
