using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.Grains.Audit;

/// <summary>
/// The write path shared by the SQL audit stores: group-commit of concurrent appends.
/// <para>
/// <b>Why batch.</b> An append must be durable before it returns, and durability costs a disk
/// flush (SQLite <c>synchronous=FULL</c>) or a commit round trip (PostgreSQL) — far more than the
/// insert itself. At tens of thousands of authentications a second, or under a flood of failed
/// logins, one transaction per event would make the disk the limit. So appends are queued on a
/// bounded channel and a single writer loop commits whatever is queued, up to
/// <see cref="AuditLogOptions.MaxBatchSize"/> events, in ONE transaction, then starts the next.
/// It never waits to fill a batch: when appends are rare each is committed alone at once; when
/// they are many, batches grow while the previous commit is in flight, and the flush cost is
/// shared.
/// </para>
/// <para>
/// <b>How durability is kept.</b> Each append owns a task that completes only after the
/// transaction holding its event has committed (<see cref="WriteBatchAsync"/> returned). If the
/// commit fails, every append in the batch fails with that error, and nothing of the batch is
/// stored (one transaction), so no caller is told "recorded" for an event that is not. The
/// queue is bounded: when the writer falls behind, appends wait for room — callers slow down —
/// and no event is ever dropped. On shutdown (<see cref="DisposeAsync"/>, which the silo's
/// service provider calls after every hosted service has stopped) the queue is closed to new
/// appends and everything already queued is committed before disposal returns.
/// </para>
/// </summary>
public abstract partial class BatchingAuditLog : IAuditLog, IAsyncDisposable, IDisposable
{
    private readonly Channel<PendingAppend> _queue;
    private readonly int _maxBatchSize;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Task _writer;

    protected BatchingAuditLog(AuditLogOptions? options, TimeProvider? timeProvider, ILogger? logger)
    {
        options ??= new AuditLogOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1, nameof(options));
        _maxBatchSize = options.MaxBatchSize;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <inheritdoc/>
    public ValueTask AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        var pending = new PendingAppend(AuditValidation.PrepareForAppend(auditEvent, _timeProvider));
        return _queue.Writer.TryWrite(pending) ? WaitForCommit(pending, cancellationToken) : EnqueueSlowlyAsync(pending, cancellationToken);
    }

    /// <inheritdoc/>
    public abstract Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="batch"/> (in queue order) in one transaction and returns only after
    /// it has committed; throws, with nothing stored, otherwise. Called by one writer at a time.
    /// </summary>
    protected abstract Task WriteBatchAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken);

    /// <summary>Stops taking appends and returns when every queued event has been committed (or has failed).</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// For containers and callers that dispose synchronously; blocks until the queue is drained.
    /// The service provider of a generic host calls <see cref="DisposeAsync"/> instead.
    /// </summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async ValueTask EnqueueSlowlyAsync(PendingAppend pending, CancellationToken cancellationToken)
    {
        try
        {
            // Back-pressure: wait for room rather than drop the event.
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(GetType().Name, "The audit log has been shut down; the event was not recorded.");
        }
        await WaitForCommit(pending, cancellationToken).ConfigureAwait(false);
    }

    private static ValueTask WaitForCommit(PendingAppend pending, CancellationToken cancellationToken)
        => new(cancellationToken.CanBeCanceled ? pending.Task.WaitAsync(cancellationToken) : pending.Task);

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingAppend>(_maxBatchSize);
        var events = new List<AuditEvent>(_maxBatchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatchSize && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                events.Add(pending.Event);
            }

            try
            {
                // No cancellation: at shutdown the queued events are to be written, not abandoned.
                await WriteBatchAsync(events, CancellationToken.None).ConfigureAwait(false);
                foreach (var pending in batch)
                {
                    pending.TrySetResult();
                }
            }
            catch (Exception exception)
            {
                LogBatchFailed(_logger, exception, batch.Count);
                foreach (var pending in batch)
                {
                    pending.TrySetException(exception);
                }
            }

            batch.Clear();
            events.Clear();
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Writing {Count} audit events failed; their appends fail and nothing of the batch was stored.")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    // The caller's completion and its event in one allocation. Continuations run asynchronously
    // so that completing a batch of 512 never runs 512 callers' code on the writer loop.
    private sealed class PendingAppend(AuditEvent auditEvent) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public AuditEvent Event { get; } = auditEvent;
    }
}
