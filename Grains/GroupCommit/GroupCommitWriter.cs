using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.Grains.GroupCommit;

/// <summary>
/// Group commit for an append-only store whose appends must be durable before they return (the
/// audit log, the message store).
/// <para>
/// <b>Why batch.</b> Durability costs a disk flush (SQLite <c>synchronous=FULL</c>) or a commit
/// round trip (PostgreSQL), far more than an insert. So appends are queued on a bounded channel,
/// and a single writer loop hands whatever is queued, up to <c>maxBatchSize</c> items, to the
/// store's commit function as ONE transaction, then starts the next. It never waits to fill a
/// batch: a lone append is committed at once; under load, batches grow while the previous commit
/// is in flight, and the flush cost is shared.
/// </para>
/// <para>
/// <b>How durability is kept.</b> Each append owns a task that completes only after the commit
/// function returned for the batch holding it. If the commit throws, every append of that batch
/// fails with its exception; the store's commit must then have stored nothing of the batch (one
/// transaction), so no caller is told "stored" for an item that is not. The queue is bounded: a
/// writer that falls behind makes appends wait for room (back-pressure), and nothing is dropped.
/// <see cref="DisposeAsync"/> closes the queue to new appends and returns once everything already
/// queued has been committed or has failed.
/// </para>
/// </summary>
/// <typeparam name="T">What one append carries to the commit function.</typeparam>
public sealed partial class GroupCommitWriter<T> : IAsyncDisposable
{
    private readonly Channel<PendingAppend> _queue;
    private readonly Func<IReadOnlyList<T>, CancellationToken, Task> _commit;
    private readonly int _maxBatchSize;
    private readonly string _storeName;
    private readonly ILogger _logger;
    private readonly Task _writer;

    /// <param name="commit">Stores a batch (in queue order) in one transaction; returns only after it
    /// has committed, throws with nothing stored otherwise. Called by one writer at a time.</param>
    /// <param name="storeName">What logs and <see cref="ObjectDisposedException"/>s call the store ("audit log").</param>
    public GroupCommitWriter(Func<IReadOnlyList<T>, CancellationToken, Task> commit, int maxBatchSize, int queueCapacity, string storeName, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        ArgumentException.ThrowIfNullOrEmpty(storeName);
        _commit = commit;
        _maxBatchSize = maxBatchSize;
        _storeName = storeName;
        _logger = logger ?? NullLogger.Instance;
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(queueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Queues <paramref name="item"/> and completes when the transaction holding it has committed.
    /// Cancelling stops the wait; an item already queued is still written.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The writer has been disposed.</exception>
    public ValueTask AppendAsync(T item, CancellationToken cancellationToken = default)
    {
        var pending = new PendingAppend(item);
        return _queue.Writer.TryWrite(pending) ? WaitForCommit(pending, cancellationToken) : EnqueueSlowlyAsync(pending, cancellationToken);
    }

    /// <summary>Stops taking appends and returns when every queued item has been committed (or has failed).</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async ValueTask EnqueueSlowlyAsync(PendingAppend pending, CancellationToken cancellationToken)
    {
        try
        {
            // Back-pressure: wait for room rather than drop the item.
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(_storeName, $"The {_storeName} has been shut down; nothing was stored.");
        }
        await WaitForCommit(pending, cancellationToken).ConfigureAwait(false);
    }

    private static ValueTask WaitForCommit(PendingAppend pending, CancellationToken cancellationToken)
        => new(cancellationToken.CanBeCanceled ? pending.Task.WaitAsync(cancellationToken) : pending.Task);

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingAppend>(_maxBatchSize);
        var items = new List<T>(_maxBatchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatchSize && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                items.Add(pending.Item);
            }

            try
            {
                // No cancellation: at shutdown the queued items are to be written, not abandoned.
                await _commit(items, CancellationToken.None).ConfigureAwait(false);
                foreach (var pending in batch)
                {
                    pending.TrySetResult();
                }
            }
            catch (Exception exception)
            {
                LogBatchFailed(_logger, exception, _storeName, batch.Count);
                foreach (var pending in batch)
                {
                    pending.TrySetException(exception);
                }
            }

            batch.Clear();
            items.Clear();
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Committing a batch of {Count} appends to the {Store} failed; every one of them fails and nothing of the batch was stored.")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, string store, int count);

    // The caller's completion and its item in one allocation. Continuations run asynchronously
    // so that completing a batch never runs hundreds of callers' code on the writer loop.
    private sealed class PendingAppend(T item) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public T Item { get; } = item;
    }
}
