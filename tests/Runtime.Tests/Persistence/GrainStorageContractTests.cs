using System.Text;
using Gatehouse.Runtime.Persistence;

namespace Gatehouse.Runtime.Tests.Persistence;

/// <summary>
/// The behaviour every <see cref="IGrainStorage"/> must show, run once per provider by the
/// subclasses. Each test instance gets its own service id, so providers backed by a shared
/// database need no cleanup between tests.
/// </summary>
public abstract class GrainStorageContractTests : IAsyncLifetime
{
    protected const string StateName = "state";
    protected static readonly GrainId Grain = new("test.counter", "device-1");

    private IGrainStorage? _storage;

    protected string ServiceId { get; } = "svc-" + Guid.NewGuid().ToString("N");

    protected IGrainStorage Storage => _storage ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>A provider for <paramref name="serviceId"/>, with its schema in place.</summary>
    protected abstract Task<IGrainStorage> CreateStorageAsync(string serviceId);

    /// <summary>
    /// Another provider over the same store and service id, as a second silo would have. In-memory
    /// storage has no store outside its instance, so it returns the same instance.
    /// </summary>
    protected virtual Task<IGrainStorage> CreatePeerStorageAsync() => CreateStorageAsync(ServiceId);

    public virtual async Task InitializeAsync() => _storage = await CreateStorageAsync(ServiceId);

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(byte[]? data) => data is null ? "(null)" : Encoding.UTF8.GetString(data);

    [Fact]
    public async Task Read_of_a_state_never_written_returns_null()
    {
        Assert.Null(await Storage.ReadAsync(StateName, Grain));
    }

    [Fact]
    public async Task Write_with_null_etag_creates_the_state_and_read_returns_data_and_etag()
    {
        var etag = await Storage.WriteAsync(StateName, Grain, Bytes("one"), expectedEtag: null);

        var record = await Storage.ReadAsync(StateName, Grain);
        Assert.NotNull(record);
        Assert.Equal("one", Text(record.Data));
        Assert.Equal(etag, record.ETag);
        Assert.False(string.IsNullOrEmpty(etag));
    }

    [Fact]
    public async Task Write_with_the_current_etag_replaces_the_data_and_bumps_the_version()
    {
        var first = await Storage.WriteAsync(StateName, Grain, Bytes("one"), null);

        var second = await Storage.WriteAsync(StateName, Grain, Bytes("two"), first);

        Assert.NotEqual(first, second);
        Assert.Equal(long.Parse(first) + 1, long.Parse(second));
        var record = await Storage.ReadAsync(StateName, Grain);
        Assert.Equal("two", Text(record!.Data));
        Assert.Equal(second, record.ETag);
    }

    [Fact]
    public async Task Write_with_a_stale_etag_throws_and_leaves_the_state_alone()
    {
        var first = await Storage.WriteAsync(StateName, Grain, Bytes("one"), null);
        var second = await Storage.WriteAsync(StateName, Grain, Bytes("two"), first);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(StateName, Grain, Bytes("stale"), first));

        Assert.Equal(second, ex.StoredEtag);
        Assert.Equal(first, ex.CurrentEtag);
        var record = await Storage.ReadAsync(StateName, Grain);
        Assert.Equal("two", Text(record!.Data));
        Assert.Equal(second, record.ETag);
    }

    [Fact]
    public async Task Write_with_null_etag_over_an_existing_state_throws()
    {
        var etag = await Storage.WriteAsync(StateName, Grain, Bytes("one"), null);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(StateName, Grain, Bytes("again"), null));

        Assert.Equal(etag, ex.StoredEtag);
        Assert.Equal("one", Text((await Storage.ReadAsync(StateName, Grain))!.Data));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("not-a-version")]
    [InlineData("-1")]
    public async Task Write_with_an_etag_for_a_state_that_does_not_exist_throws(string etag)
    {
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(StateName, Grain, Bytes("x"), etag));
        Assert.Null(await Storage.ReadAsync(StateName, Grain));
    }

    [Fact]
    public async Task Write_with_a_malformed_etag_over_an_existing_state_throws()
    {
        await Storage.WriteAsync(StateName, Grain, Bytes("one"), null);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(StateName, Grain, Bytes("x"), "garbage"));
    }

    [Fact]
    public async Task Empty_data_is_stored_as_empty_not_as_a_tombstone()
    {
        var etag = await Storage.WriteAsync(StateName, Grain, ReadOnlyMemory<byte>.Empty, null);

        var record = await Storage.ReadAsync(StateName, Grain);
        Assert.NotNull(record!.Data);
        Assert.Empty(record.Data);
        Assert.Equal(etag, record.ETag);
    }

    [Fact]
    public async Task Data_is_stored_exactly_and_only_the_written_slice()
    {
        var buffer = new byte[300];
        Random.Shared.NextBytes(buffer);
        var slice = buffer.AsMemory(10, 256);

        await Storage.WriteAsync(StateName, Grain, slice, null);

        Assert.Equal(slice.ToArray(), (await Storage.ReadAsync(StateName, Grain))!.Data);
    }

    [Fact]
    public async Task Clear_leaves_a_tombstone_with_a_new_etag()
    {
        var written = await Storage.WriteAsync(StateName, Grain, Bytes("one"), null);

        var cleared = await Storage.ClearAsync(StateName, Grain, written);

        Assert.NotEqual(written, cleared);
        var record = await Storage.ReadAsync(StateName, Grain);
        Assert.NotNull(record);
        Assert.Null(record.Data);
        Assert.Equal(cleared, record.ETag);
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_throws_and_leaves_the_state_alone()
    {
        var first = await Storage.WriteAsync(StateName, Grain, Bytes("one"), null);
        var second = await Storage.WriteAsync(StateName, Grain, Bytes("two"), first);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(StateName, Grain, first));

        Assert.Equal(second, ex.StoredEtag);
        Assert.Equal("two", Text((await Storage.ReadAsync(StateName, Grain))!.Data));
    }

    [Fact]
    public async Task Clear_twice_with_the_same_etag_fails_the_second_time()
    {
        var written = await Storage.WriteAsync(StateName, Grain, Bytes("one"), null);
        var cleared = await Storage.ClearAsync(StateName, Grain, written);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(StateName, Grain, written));

        Assert.Equal(cleared, (await Storage.ReadAsync(StateName, Grain))!.ETag);
    }

    [Fact]
    public async Task Clear_of_a_state_never_written_with_null_etag_leaves_a_tombstone()
    {
        var cleared = await Storage.ClearAsync(StateName, Grain, null);

        var record = await Storage.ReadAsync(StateName, Grain);
        Assert.Null(record!.Data);
        Assert.Equal(cleared, record.ETag);
    }

    [Fact]
    public async Task Write_over_a_tombstone_with_its_etag_recreates_the_state()
    {
        var written = await Storage.WriteAsync(StateName, Grain, Bytes("one"), null);
        var cleared = await Storage.ClearAsync(StateName, Grain, written);

        var recreated = await Storage.WriteAsync(StateName, Grain, Bytes("again"), cleared);

        var record = await Storage.ReadAsync(StateName, Grain);
        Assert.Equal("again", Text(record!.Data));
        Assert.Equal(recreated, record.ETag);
        // The version keeps counting through the clear, so no earlier ETag can ever match again.
        Assert.DoesNotContain(recreated, new[] { written, cleared });
    }

    [Fact]
    public async Task Write_with_null_etag_over_a_tombstone_throws()
    {
        var written = await Storage.WriteAsync(StateName, Grain, Bytes("one"), null);
        var cleared = await Storage.ClearAsync(StateName, Grain, written);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(StateName, Grain, Bytes("again"), null));

        Assert.Equal(cleared, ex.StoredEtag);
        Assert.Null((await Storage.ReadAsync(StateName, Grain))!.Data);
    }

    [Fact]
    public async Task Write_over_a_tombstone_with_the_etag_from_before_the_clear_throws()
    {
        var written = await Storage.WriteAsync(StateName, Grain, Bytes("one"), null);
        await Storage.ClearAsync(StateName, Grain, written);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(StateName, Grain, Bytes("again"), written));
    }

    [Fact]
    public async Task States_are_keyed_by_state_name_grain_type_and_grain_key()
    {
        var sameKeyOtherType = new GrainId("test.other", Grain.Key);
        var sameTypeOtherKey = new GrainId(Grain.Type, "device-2");
        await Storage.WriteAsync(StateName, Grain, Bytes("main"), null);
        await Storage.WriteAsync("profile", Grain, Bytes("profile"), null);
        await Storage.WriteAsync(StateName, sameKeyOtherType, Bytes("other type"), null);
        await Storage.WriteAsync(StateName, sameTypeOtherKey, Bytes("other key"), null);

        Assert.Equal("main", Text((await Storage.ReadAsync(StateName, Grain))!.Data));
        Assert.Equal("profile", Text((await Storage.ReadAsync("profile", Grain))!.Data));
        Assert.Equal("other type", Text((await Storage.ReadAsync(StateName, sameKeyOtherType))!.Data));
        Assert.Equal("other key", Text((await Storage.ReadAsync(StateName, sameTypeOtherKey))!.Data));
        Assert.Null(await Storage.ReadAsync(StateName, new GrainId(Grain.Type, "DEVICE-1")));
    }

    [Fact]
    public async Task Services_with_different_service_ids_never_see_each_others_state()
    {
        var other = await CreateStorageAsync(ServiceId + "-other");
        await Storage.WriteAsync(StateName, Grain, Bytes("mine"), null);

        Assert.Null(await other.ReadAsync(StateName, Grain));
        var otherEtag = await other.WriteAsync(StateName, Grain, Bytes("theirs"), null);
        await other.ClearAsync(StateName, Grain, otherEtag);

        Assert.Equal("mine", Text((await Storage.ReadAsync(StateName, Grain))!.Data));
    }

    [Fact]
    public async Task A_peer_provider_on_the_same_store_sees_the_writes()
    {
        var etag = await Storage.WriteAsync(StateName, Grain, Bytes("shared"), null);
        var peer = await CreatePeerStorageAsync();

        var record = await peer.ReadAsync(StateName, Grain);
        Assert.Equal("shared", Text(record!.Data));
        Assert.Equal(etag, record.ETag);
    }

    [Fact]
    public async Task Two_writers_with_the_same_etag_exactly_one_wins()
    {
        var etag = await Storage.WriteAsync(StateName, Grain, Bytes("start"), null);
        var first = Storage;
        var second = await CreatePeerStorageAsync();

        var winner = await first.WriteAsync(StateName, Grain, Bytes("first"), etag);
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => second.WriteAsync(StateName, Grain, Bytes("second"), etag));

        Assert.Equal(winner, ex.StoredEtag);
        var record = await second.ReadAsync(StateName, Grain);
        Assert.Equal("first", Text(record!.Data));
        Assert.Equal(winner, record.ETag);
    }

    [Fact]
    public async Task Concurrent_writers_with_the_same_etag_exactly_one_wins_each_round()
    {
        const int writers = 8;
        const int rounds = 5;
        var peers = new IGrainStorage[writers];
        for (var i = 0; i < writers; i++)
        {
            peers[i] = await CreatePeerStorageAsync();
        }

        string? etag = null;
        for (var round = 0; round < rounds; round++)
        {
            var results = await RaceAsync(peers, (storage, i) => storage.WriteAsync(StateName, Grain, Bytes($"round {round} writer {i}"), etag));

            var winners = results.Where(r => r.Etag is not null).ToList();
            Assert.Single(winners);
            Assert.All(results.Where(r => r.Etag is null), r => Assert.IsType<InconsistentStateException>(r.Error));
            var record = await Storage.ReadAsync(StateName, Grain);
            Assert.Equal(winners[0].Etag, record!.ETag);
            Assert.Equal($"round {round} writer {winners[0].Index}", Text(record.Data));
            etag = record.ETag;
        }
    }

    [Fact]
    public async Task Concurrent_clears_with_the_same_etag_exactly_one_wins()
    {
        var peers = new IGrainStorage[8];
        for (var i = 0; i < peers.Length; i++)
        {
            peers[i] = await CreatePeerStorageAsync();
        }
        var etag = await Storage.WriteAsync(StateName, Grain, Bytes("start"), null);

        var results = await RaceAsync(peers, (storage, _) => storage.ClearAsync(StateName, Grain, etag));

        Assert.Single(results, r => r.Etag is not null);
        Assert.All(results.Where(r => r.Etag is null), r => Assert.IsType<InconsistentStateException>(r.Error));
    }

    /// <summary>Starts one call per peer as close to simultaneously as possible and collects every outcome.</summary>
    private static async Task<(int Index, string? Etag, Exception? Error)[]> RaceAsync(IGrainStorage[] peers, Func<IGrainStorage, int, Task<string>> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = peers.Select((storage, i) => Task.Run(async () =>
        {
            await gate.Task;
            try
            {
                return (i, (string?)await call(storage, i), (Exception?)null);
            }
            catch (Exception ex)
            {
                return (i, null, ex);
            }
        })).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }
}
