using Gatehouse.Grains.Messages;
using static Gatehouse.Devices.Tests.Messages.Store.StoreMessages;

namespace Gatehouse.Devices.Tests.Messages.Store;

/// <summary>What the database stores add to the contract: acknowledged means committed, batches fail whole, shutdown drains.</summary>
public abstract class SqlMessageStoreContractTests : MessageStoreContractTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Holds the store's write path (a lock the writer needs) until the returned handle is disposed.</summary>
    protected abstract Task<IAsyncDisposable> BlockWritesAsync();

    /// <summary>Makes the database refuse any message whose mid is <paramref name="mid"/>, as a full disk or a constraint would.</summary>
    protected abstract Task PoisonAsync(string mid);

    /// <summary>Messages of <paramref name="deviceId"/> a connection sharing nothing with the store sees.</summary>
    protected abstract Task<long> CountStoredAsync(string deviceId);

    [Fact]
    public async Task Acknowledged_appends_survive_a_store_abandoned_without_shutdown()
    {
        var store = await CreateStoreAsync(new MessageOptions()); // never disposed: the process "died"
        var sent = Enumerable.Range(0, 200).Select(i => Message(Device, Day.AddSeconds(i), Num("v", i))).ToList();
        await Task.WhenAll(sent.Select(m => store.AppendAsync(m).AsTask()));

        Assert.Equal(200, await CountStoredAsync(Device));
        var reopened = await OpenStoreAsync();
        Assert.Equal(sent.Select(m => m.Message.Mid), (await ReadAllAsync(Device, reopened)).Select(m => m.Mid));
        Assert.Equal(199, Assert.Single(await reopened.LatestAsync(Device)).Number);
    }

    [Fact]
    public async Task A_failed_commit_fails_every_append_of_its_batch_and_stores_none_of_it()
    {
        var sent = Enumerable.Range(0, 6).Select(i => Message(Device, Day.AddMinutes(i), Num("v", i))).ToList();
        var poisoned = sent[3];
        await PoisonAsync(poisoned.Message.Mid);

        // While the writer cannot commit, the appends pile up: the first may go alone, the rest
        // share a batch with the poisoned one.
        List<Task> appends;
        await using (await BlockWritesAsync())
        {
            appends = sent.Select(m => Store.AppendAsync(m).AsTask()).ToList();
        }
        await Task.WhenAll(appends.Select(a => a.ContinueWith(_ => { }))).WaitAsync(Patience);

        Assert.True(appends[3].IsFaulted);
        var succeeded = sent.Where((_, i) => appends[i].IsCompletedSuccessfully).ToList();
        Assert.True(sent.Count - succeeded.Count >= 2, "the poisoned message's batch-mates fail with it");
        Assert.Equal(succeeded.Select(m => m.Message.Mid), (await ReadAllAsync(Device)).Select(m => m.Mid));
        var query = new SeriesQuery(Day, Day.AddHours(1), TimeSpan.FromMinutes(1));
        AssertSameBuckets(Expected(succeeded, query), await Store.AggregateAsync(Device, query));
        Assert.Equal(succeeded.LastOrDefault()?.Message.Mid, (await Store.LatestAsync(Device)).SingleOrDefault()?.Mid);

        var after = Message(Device, Day.AddHours(2), Num("v", 2));
        await Store.AppendAsync(after).AsTask().WaitAsync(Patience);
        Assert.Equal(succeeded.Count + 1, await CountStoredAsync(Device));
    }

    [Fact]
    public async Task Disposing_commits_every_queued_append_and_later_appends_fail()
    {
        var store = await CreateStoreAsync(new MessageOptions { StoreMaxBatchSize = 16 });
        var appends = Enumerable.Range(0, 300).Select(i => store.AppendAsync(Message(Device, Day.AddSeconds(i), Num("v", i))).AsTask()).ToList();

        await ((IAsyncDisposable)store).DisposeAsync();

        Assert.All(appends, a => Assert.True(a.IsCompletedSuccessfully));
        Assert.Equal(300, await CountStoredAsync(Device));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.AppendAsync(Message(Device, Day, Num("v", 0))));
    }

    [Fact]
    public async Task Two_stores_on_one_database_share_messages_and_sequence_without_collisions()
    {
        var other = await OpenStoreAsync();
        var sent = Enumerable.Range(0, 100).Select(i => Message(Device, Day.AddMilliseconds(i / 10), Num("v", i))).ToList();
        await Task.WhenAll(sent.Select((m, i) => (i % 2 == 0 ? Store : other).AppendAsync(m).AsTask()));

        var read = await ReadAllAsync(Device, other);
        Assert.Equal(sent.Select(m => m.Message.Mid).Order(), read.Select(m => m.Mid).Order());
        var query = new SeriesQuery(Day, Day.AddMinutes(1), TimeSpan.FromMinutes(1));
        Assert.Equal(100, Assert.Single(await Store.AggregateAsync(Device, query)).Count);
    }
}
