using System.Collections.Immutable;
using Gatehouse.Grains;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Messages;
using static Gatehouse.Devices.Tests.Messages.Store.StoreMessages;

namespace Gatehouse.Devices.Tests.Messages.Store;

/// <summary>
/// What every <see cref="IMessageStore"/> must do, run against memory, SQLite and PostgreSQL by
/// subclasses. Answers are compared with a scan of the same messages (<see cref="StoreMessages.Expected"/>),
/// so the SQL stores' rollups are held to the raw computation. Each test uses its own device ids.
/// </summary>
public abstract class MessageStoreContractTests : IAsyncLifetime
{
    private readonly List<IMessageStore> _stores = [];

    protected IMessageStore Store { get; private set; } = null!;

    protected string Device { get; } = "dev-" + Guid.NewGuid().ToString("N")[..12];

    public virtual async Task InitializeAsync() => Store = await OpenStoreAsync();

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    /// <summary>A store over this test's data (for the SQL stores, a new instance on the same database).</summary>
    protected abstract Task<IMessageStore> CreateStoreAsync(MessageOptions options);

    protected async Task<IMessageStore> OpenStoreAsync(MessageOptions? options = null)
    {
        var store = await CreateStoreAsync(options ?? new MessageOptions());
        _stores.Add(store);
        return store;
    }

    protected async Task AppendAllAsync(IEnumerable<StoredMessage> messages, IMessageStore? store = null)
    {
        foreach (var message in messages)
        {
            await (store ?? Store).AppendAsync(message);
        }
    }

    [Fact]
    public async Task Messages_come_back_in_series_time_order_with_ties_in_arrival_order_both_ways()
    {
        var t = Day.AddHours(1);
        StoredMessage[] sent =
        [
            Message(Device, t.AddSeconds(5), Num("a", 1)),
            DeviceTimed(Device, t.AddSeconds(1), t.AddSeconds(6), Num("a", 2)),
            Message(Device, t.AddSeconds(5), Num("a", 3)), // same millisecond as the first
            Message(Device, t.AddSeconds(5), Num("a", 4)),
            Message(Device, t.AddSeconds(9)),
        ];
        await AppendAllAsync(sent);
        await Store.AppendAsync(Message("other-" + Device, t.AddSeconds(2), Num("a", 9)));

        var ascending = await Store.ReadAsync(Device, new MessageRange());
        Assert.Equal([sent[1], sent[0], sent[2], sent[3], sent[4]], ascending.Messages.Select(m => sent.Single(s => s.Message.Mid == m.Mid)));
        Assert.Null(ascending.NextCursor);
        Assert.Equal(sent[1].Message, ascending.Messages[0]);

        var descending = await Store.ReadAsync(Device, new MessageRange { Descending = true });
        Assert.Equal(ascending.Messages.Reverse().ToArray(), descending.Messages.ToArray());
    }

    [Fact]
    public async Task Cursor_pages_never_repeat_or_skip_a_message_in_either_direction_while_others_arrive()
    {
        var sent = Enumerable.Range(0, 57).Select(i => Message(Device, Day.AddSeconds(i / 3), Num("v", i))).ToList();
        await AppendAllAsync(sent);
        foreach (var descending in new[] { false, true })
        {
            var seen = new List<string>();
            string? cursor = null;
            var extra = 0;
            do
            {
                var page = await Store.ReadAsync(Device, new MessageRange { Limit = 10, Cursor = cursor, Descending = descending });
                Assert.InRange(page.Messages.Length, 1, 10);
                seen.AddRange(page.Messages.Select(m => m.Mid));
                cursor = page.NextCursor;
                // Arrivals after the end of the range in the reading direction may or may not show; those inside it were there before.
                await Store.AppendAsync(Message(Device, descending ? Day.AddDays(-1).AddSeconds(-extra) : Day.AddDays(1).AddSeconds(extra++), Num("v", -1)));
            }
            while (cursor is not null);

            var expected = sent.Select(s => s.Message.Mid).ToList();
            if (descending)
            {
                expected.Reverse();
            }
            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.Equal(expected, seen.Where(expected.Contains));
        }
    }

    [Fact]
    public async Task Ranges_are_half_open_and_bounds_finer_than_a_millisecond_round_up()
    {
        var t = Day.AddHours(3);
        var sent = Enumerable.Range(0, 5).Select(i => Message(Device, t.AddMilliseconds(i), Num("x", i))).ToList();
        await AppendAllAsync(sent);

        var page = await Store.ReadAsync(Device, new MessageRange { From = t.AddMilliseconds(1), To = t.AddMilliseconds(3) });
        Assert.Equal([sent[1].Message, sent[2].Message], page.Messages.ToArray());

        // From 1.5 ms: the 1 ms message is before it; To 3.5 ms: the 3 ms message is before it, so included.
        var fine = await Store.ReadAsync(Device, new MessageRange { From = t.AddTicks(15_000), To = t.AddTicks(35_000) });
        Assert.Equal([sent[2].Message, sent[3].Message], fine.Messages.ToArray());

        var series = await Store.AggregateAsync(Device, new SeriesQuery(t.AddTicks(15_000), t.AddTicks(35_000), TimeSpan.FromSeconds(1)));
        Assert.Equal(2, Assert.Single(series).Count);
        Assert.Empty((await Store.ReadAsync(Device, new MessageRange { From = t.AddMilliseconds(2), To = t.AddMilliseconds(2) })).Messages);
    }

    [Fact]
    public async Task Latest_values_are_per_field_from_the_newest_message_that_had_it_with_sparse_fields_and_types()
    {
        var t = Day.AddHours(5);
        var first = Message(Device, t, Num("temp", 20), FieldSample.OfText("label", "boiler"), FieldSample.OfBoolean("on", true));
        var second = Message(Device, t.AddMinutes(30), Num("temp", 21));
        var late = DeviceTimed(Device, t.AddMinutes(10), t.AddMinutes(40), Num("temp", 99), FieldSample.OfBoolean("on", false));
        var tie = Message(Device, t.AddMinutes(30), Num("temp", 22)); // same millisecond as second, later in the store
        await AppendAllAsync([first, second, late, tie]);

        var latest = await Store.LatestAsync(Device);

        Assert.Equal(["label", "on", "temp"], latest.Select(v => v.Field));
        Assert.Equal(new FieldValue("label", FieldType.String, t, first.Message.Mid) { Text = "boiler" }, latest[0]);
        Assert.Equal(new FieldValue("on", FieldType.Boolean, t.AddMinutes(10), late.Message.Mid) { Boolean = false }, latest[1]);
        Assert.Equal(new FieldValue("temp", FieldType.Number, t.AddMinutes(30), tie.Message.Mid) { Number = 22 }, latest[2]);
        Assert.Empty(await Store.LatestAsync("nobody-" + Device));
    }

    [Fact]
    public async Task Aggregates_per_bucket_count_text_treat_booleans_as_numbers_and_leave_empty_buckets_out()
    {
        var t = Day.AddHours(6);
        var sent = new List<StoredMessage>
        {
            Message(Device, t.AddSeconds(1), Num("temp", 10), FieldSample.OfBoolean("on", true), FieldSample.OfText("note", "a")),
            Message(Device, t.AddSeconds(50), Num("temp", 20), FieldSample.OfBoolean("on", false)),
            Message(Device, t.AddMinutes(1).AddSeconds(10), Num("temp", -5)),
            Message(Device, t.AddMinutes(4), FieldSample.OfText("note", "b")),
        };
        await AppendAllAsync(sent);

        var query = new SeriesQuery(t, t.AddMinutes(10), TimeSpan.FromMinutes(1));
        var buckets = await Store.AggregateAsync(Device, query);

        Assert.Equal(
            [
                new SeriesBucket(t, "note", 1, null, null, null),
                new SeriesBucket(t, "on", 2, 0, 1, 0.5),
                new SeriesBucket(t, "temp", 2, 10, 20, 15),
                new SeriesBucket(t.AddMinutes(1), "temp", 1, -5, -5, -5),
                new SeriesBucket(t.AddMinutes(4), "note", 1, null, null, null),
            ],
            buckets.ToArray());
        Assert.Equal(
            [new SeriesBucket(t, "temp", 3, -5, 20, 25.0 / 3)],
            (await Store.AggregateAsync(Device, query with { Interval = TimeSpan.FromMinutes(5), Fields = ["temp"] })).ToArray());
        Assert.Empty(await Store.AggregateAsync(Device, query with { Fields = ["absent"] }));
    }

    [Theory]
    [InlineData(0, 60, 0)]        // aligned minutes: rollups
    [InlineData(0, 300, 0)]       // aligned 5 minutes
    [InlineData(30, 60, 0)]       // unaligned From: raw
    [InlineData(0, 10, 0)]        // sub-minute interval: raw
    [InlineData(0, 60, 45)]       // aligned, but To inside a minute: rollups plus the last partial minute raw
    [InlineData(7, 90, 13)]       // neither
    public async Task Aggregates_equal_a_scan_of_random_data_for_aligned_and_unaligned_queries(int fromSeconds, int intervalSeconds, int toExtraSeconds)
    {
        var random = new Random(4242);
        var sent = new List<StoredMessage>();
        for (var i = 0; i < 600; i++)
        {
            var at = Day.AddHours(8).AddMilliseconds(random.Next(0, 45 * 60_000));
            var fields = new List<FieldSample>();
            if (random.Next(4) != 0)
            {
                fields.Add(Num("t", Math.Round(random.NextDouble() * 200 - 100, 3)));
            }
            if (random.Next(3) == 0)
            {
                fields.Add(FieldSample.OfBoolean("b", random.Next(2) == 0));
            }
            if (random.Next(5) == 0)
            {
                fields.Add(random.Next(2) == 0 ? FieldSample.OfText("mixed", "x") : Num("mixed", random.Next(100)));
            }
            sent.Add(random.Next(6) == 0
                ? DeviceTimed(Device, at, at.AddMinutes(1), [.. fields])
                : Message(Device, at, [.. fields]));
        }
        // Appended concurrently in groups, so SQL stores see multi-message batches for the same minutes.
        foreach (var group in sent.Chunk(50))
        {
            await Task.WhenAll(group.Select(m => Store.AppendAsync(m).AsTask()));
        }
        var order = (await ReadAllAsync(Device)).Select(m => sent.Single(s => s.Message.Mid == m.Mid)).ToList();

        var from = Day.AddHours(8).AddMinutes(-2).AddSeconds(fromSeconds);
        var query = new SeriesQuery(from, from.AddMinutes(40).AddSeconds(toExtraSeconds), TimeSpan.FromSeconds(intervalSeconds));
        AssertSameBuckets(Expected(order, query), await Store.AggregateAsync(Device, query));
        var some = query with { Fields = ["b", "mixed"] };
        AssertSameBuckets(Expected(order, some), await Store.AggregateAsync(Device, some));
    }

    [Fact]
    public async Task Deleting_a_device_removes_its_messages_values_and_aggregates_only()
    {
        var other = "other-" + Device;
        await AppendAllAsync(Enumerable.Range(0, 12).Select(i => Message(Device, Day.AddMinutes(i), Num("v", i))));
        await Store.AppendAsync(Message(other, Day, Num("v", 1)));

        Assert.Equal(12, await Store.DeleteDeviceAsync(Device));

        Assert.Empty((await Store.ReadAsync(Device, new MessageRange())).Messages);
        Assert.Empty(await Store.LatestAsync(Device));
        Assert.Empty(await Store.AggregateAsync(Device, new SeriesQuery(Day, Day.AddDays(1), TimeSpan.FromHours(1))));
        Assert.Single((await Store.ReadAsync(other, new MessageRange())).Messages);
        Assert.Equal(0, await Store.DeleteDeviceAsync("never-" + Device));

        // A device id used again starts afresh.
        var again = Message(Device, Day.AddMinutes(3), Num("w", 1));
        await Store.AppendAsync(again);
        Assert.Equal([again.Message], (await Store.ReadAsync(Device, new MessageRange())).Messages.ToArray());
        Assert.Equal(["w"], (await Store.LatestAsync(Device)).Select(v => v.Field));
    }

    [Fact]
    public async Task Retention_removes_messages_before_a_cutoff_inside_a_minute_and_what_was_derived_from_them()
    {
        var store = await OpenStoreAsync(new MessageOptions { RetentionChunkSize = 7 });
        var t = Day.AddHours(10);
        var sent = new List<StoredMessage>();
        for (var i = 0; i < 90; i++)
        {
            // Two per second for 45 s, some in the same millisecond; "rare" only early on.
            var at = t.AddMilliseconds(i / 2 * 500 + (i % 3 == 0 ? 0 : 1));
            sent.Add(i < 20 ? Message(Device, at, Num("v", i), Num("rare", -i)) : Message(Device, at, Num("v", i)));
        }
        await AppendAllAsync(sent, store);

        // 20.4 ms past second 12: a cut inside a minute, finer than a millisecond.
        var cutoff = t.AddSeconds(12).AddTicks(204_000);
        var removed = await store.DeleteOlderThanAsync(cutoff);

        var left = sent.Where(m => m.Message.Timestamp >= cutoff).OrderBy(m => m.Message.Timestamp).ToList();
        Assert.Equal(sent.Count - left.Count, removed);
        Assert.Equal(left.Select(m => m.Message.Mid), (await ReadAllAsync(Device, store)).Select(m => m.Mid));
        var query = new SeriesQuery(t.AddMinutes(-1), t.AddMinutes(2), TimeSpan.FromMinutes(1));
        AssertSameBuckets(Expected(left, query), await store.AggregateAsync(Device, query));
        Assert.Equal(["v"], (await store.LatestAsync(Device)).Select(v => v.Field));

        Assert.Equal(0, await store.DeleteOlderThanAsync(cutoff));
        Assert.Equal(left.Count, await store.DeleteOlderThanAsync(t.AddHours(1)));
        Assert.Empty(await store.LatestAsync(Device));
        Assert.Empty(await store.AggregateAsync(Device, query));
    }

    [Fact]
    public async Task Bad_queries_are_refused_with_a_clear_error()
    {
        await Store.AppendAsync(Message(Device, Day, Num("v", 1)));
        var day = new SeriesQuery(Day, Day.AddDays(1), TimeSpan.FromMinutes(1));

        Assert.Contains("limit", (await Assert.ThrowsAsync<InvalidRequestException>(() => Store.ReadAsync(Device, new MessageRange { Limit = 0 }))).Message);
        await Assert.ThrowsAsync<InvalidRequestException>(() => Store.ReadAsync(Device, new MessageRange { Limit = MessageRange.MaxLimit + 1 }));
        await Assert.ThrowsAsync<InvalidRequestException>(() => Store.ReadAsync(Device, new MessageRange { From = Day, To = Day.AddTicks(-1) }));
        Assert.Contains("cursor", (await Assert.ThrowsAsync<InvalidRequestException>(() => Store.ReadAsync(Device, new MessageRange { Cursor = "not-a-cursor" }))).Message);
        await Assert.ThrowsAsync<InvalidRequestException>(() => Store.AggregateAsync(Device, day with { To = Day }));
        await Assert.ThrowsAsync<InvalidRequestException>(() => Store.AggregateAsync(Device, day with { Interval = TimeSpan.FromMilliseconds(500) }));
        Assert.Contains("intervals", (await Assert.ThrowsAsync<InvalidRequestException>(() => Store.AggregateAsync(Device, day with { To = Day.AddYears(1) }))).Message);
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.AppendAsync(null!));
    }

    protected async Task<List<DeviceMessage>> ReadAllAsync(string deviceId, IMessageStore? store = null)
    {
        var all = new List<DeviceMessage>();
        string? cursor = null;
        do
        {
            var page = await (store ?? Store).ReadAsync(deviceId, new MessageRange { Limit = MessageRange.MaxLimit, Cursor = cursor });
            all.AddRange(page.Messages);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }
}
