using Gatehouse.Grains.Audit;

namespace Gatehouse.Identity.Tests.Audit;

/// <summary>
/// The group-commit writer on its own, with a store whose commits the test lets through one at a
/// time, so "completes only after commit", batch sizes, failures, back-pressure and shutdown are
/// observed directly rather than inferred from timing.
/// </summary>
public sealed class BatchingAuditLogTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_append_completes_only_after_the_commit_of_its_batch()
    {
        await using var log = new GatedAuditLog(new AuditLogOptions());

        var append = log.AppendAsync(Event("a")).AsTask();
        await log.WaitForBatchAsync();

        Assert.False(append.IsCompleted);
        Assert.Empty(log.Committed);
        log.Commit();
        await append.WaitAsync(Patience);
        Assert.Equal(["a"], log.Committed);
    }

    [Fact]
    public async Task Appends_queued_during_a_commit_share_the_next_transactions_up_to_the_batch_size()
    {
        await using var log = new GatedAuditLog(new AuditLogOptions { MaxBatchSize = 8 });
        var first = log.AppendAsync(Event("first")).AsTask();
        await log.WaitForBatchAsync();

        var queued = Enumerable.Range(0, 20).Select(i => log.AppendAsync(Event($"q{i}")).AsTask()).ToList();
        log.Commit(times: 4);
        await Task.WhenAll(queued.Append(first)).WaitAsync(Patience);

        // No waiting to fill a batch (the first went alone), then whatever was queued, 8 at most.
        Assert.Equal([1, 8, 8, 4], log.BatchSizes);
        Assert.Equal(["first", .. Enumerable.Range(0, 20).Select(i => $"q{i}")], log.Committed);
    }

    [Fact]
    public async Task A_failed_commit_fails_every_append_of_its_batch_and_only_those()
    {
        await using var log = new GatedAuditLog(new AuditLogOptions());
        var first = log.AppendAsync(Event("first")).AsTask();
        await log.WaitForBatchAsync();
        var doomed = Enumerable.Range(0, 3).Select(i => log.AppendAsync(Event($"d{i}")).AsTask()).ToList();
        log.FailBatch = 2;

        log.Commit(times: 2);
        await first.WaitAsync(Patience);
        foreach (var append in doomed)
        {
            var failure = await Assert.ThrowsAsync<IOException>(() => append.WaitAsync(Patience));
            Assert.Equal("disk on fire", failure.Message);
        }

        var after = log.AppendAsync(Event("after")).AsTask();
        log.Commit();
        await after.WaitAsync(Patience);
        Assert.Equal(["first", "after"], log.Committed);
    }

    [Fact]
    public async Task A_full_queue_holds_appends_back_and_drops_none()
    {
        await using var log = new GatedAuditLog(new AuditLogOptions { QueueCapacity = 4, MaxBatchSize = 2 });
        var first = log.AppendAsync(Event("first")).AsTask();
        await log.WaitForBatchAsync();
        var accepted = Enumerable.Range(0, 10).Select(i => log.AppendAsync(Event($"w{i}")).AsTask()).ToList();

        // With the queue full, an append is still waiting for room: cancelling it then means the
        // event never entered the queue, so it is never written.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await log.AppendAsync(Event("cancelled"), cancel.Token));
        Assert.All(accepted, a => Assert.False(a.IsCompleted));

        log.Commit(times: 100);
        await Task.WhenAll(accepted.Append(first)).WaitAsync(Patience);

        Assert.Equal(["first", .. Enumerable.Range(0, 10).Select(i => $"w{i}")], log.Committed.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("cancelled", log.Committed);
        Assert.All(log.BatchSizes, size => Assert.InRange(size, 1, 2));
    }

    [Fact]
    public async Task Disposing_commits_what_is_queued_and_then_refuses_appends()
    {
        var log = new GatedAuditLog(new AuditLogOptions());
        var first = log.AppendAsync(Event("first")).AsTask();
        await log.WaitForBatchAsync();
        var queued = Enumerable.Range(0, 5).Select(i => log.AppendAsync(Event($"q{i}")).AsTask()).ToList();

        var disposing = log.DisposeAsync().AsTask();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await log.AppendAsync(Event("too late")));
        Assert.False(disposing.IsCompleted);

        log.Commit(times: 2);
        await disposing.WaitAsync(Patience);
        Assert.All(queued.Append(first), a => Assert.True(a.IsCompletedSuccessfully));
        Assert.Equal(6, log.Committed.Count);
        Assert.DoesNotContain("too late", log.Committed);
    }

    private static AuditEvent Event(string subject) => new()
    {
        Action = AuditActions.KeyCreated,
        Outcome = AuditOutcome.Succeeded,
        Actor = AuditActor.Anonymous,
        SubjectId = subject,
    };

    /// <summary>A store whose every commit waits for the test's <see cref="Commit"/>.</summary>
    private sealed class GatedAuditLog(AuditLogOptions options) : BatchingAuditLog(options, null, null)
    {
        private readonly SemaphoreSlim _entered = new(0);
        private readonly SemaphoreSlim _proceed = new(0);
        private readonly Lock _lock = new();
        private readonly List<string> _committed = [];
        private readonly List<int> _batchSizes = [];

        /// <summary>The 1-based number of the batch that throws instead of committing.</summary>
        public int FailBatch { get; set; }

        public List<string> Committed
        {
            get
            {
                lock (_lock)
                {
                    return [.. _committed];
                }
            }
        }

        public List<int> BatchSizes
        {
            get
            {
                lock (_lock)
                {
                    return [.. _batchSizes];
                }
            }
        }

        public Task WaitForBatchAsync() => _entered.WaitAsync(Patience);

        public void Commit(int times = 1) => _proceed.Release(times);

        public override Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
            => Task.FromResult(AuditPage.Empty);

        protected override async Task WriteBatchAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken)
        {
            int number;
            lock (_lock)
            {
                _batchSizes.Add(batch.Count);
                number = _batchSizes.Count;
            }
            _entered.Release();
            await _proceed.WaitAsync(cancellationToken);
            if (number == FailBatch)
            {
                throw new IOException("disk on fire");
            }
            lock (_lock)
            {
                _committed.AddRange(batch.Select(e => e.SubjectId!));
            }
        }
    }
}
