using Gatehouse.Runtime.Reminders;

namespace Gatehouse.Runtime.Tests.Reminders;

/// <summary>
/// The behaviour every <see cref="IReminderTable"/> must show, run once per provider by the
/// subclasses. Each test instance uses its own service id, so tables in a shared database need
/// no cleanup between tests.
/// </summary>
public abstract class ReminderTableContractTests : IAsyncLifetime
{
    // Whole milliseconds: the SQLite table keeps times to the millisecond.
    private static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    private IReminderTable? _table;

    protected string ServiceId { get; } = "svc-" + Guid.NewGuid().ToString("N");

    protected IReminderTable Table => _table ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>A table for <paramref name="serviceId"/>, with its schema in place.</summary>
    protected abstract Task<IReminderTable> CreateTableAsync(string serviceId);

    public virtual async Task InitializeAsync() => _table = await CreateTableAsync(ServiceId);

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static ReminderEntry Entry(string key, string name, uint? hash = null, TimeSpan? period = null)
    {
        var grain = new GrainId("test.device", key);
        return new ReminderEntry(grain, name, Start, period ?? TimeSpan.FromMinutes(5), hash ?? grain.GetUniformHashCode());
    }

    [Fact]
    public async Task Read_of_a_missing_reminder_returns_null()
    {
        Assert.Null(await Table.ReadAsync(new GrainId("test.device", "nobody"), "tick"));
        Assert.Empty(await Table.ReadAllAsync());
    }

    [Fact]
    public async Task Upsert_inserts_and_read_returns_every_field_with_the_etag()
    {
        var entry = Entry("a", "tick", period: TimeSpan.FromMilliseconds(90_061_001));

        var etag = await Table.UpsertAsync(entry);

        var read = await Table.ReadAsync(entry.GrainId, "tick");
        Assert.Equal(entry with { ETag = etag }, read);
        Assert.Equal(Start, read!.StartAt);
        Assert.Equal(TimeSpan.Zero, read.StartAt.Offset);
    }

    [Fact]
    public async Task Upsert_of_an_existing_reminder_replaces_it_and_changes_the_etag()
    {
        var entry = Entry("a", "tick");
        var first = await Table.UpsertAsync(entry);
        var changed = entry with { StartAt = Start.AddHours(1), Period = TimeSpan.FromSeconds(30) };

        var second = await Table.UpsertAsync(changed);

        Assert.NotEqual(first, second);
        Assert.Equal(changed with { ETag = second }, await Table.ReadAsync(entry.GrainId, "tick"));
        Assert.Single(await Table.ReadAllAsync());
    }

    [Fact]
    public async Task Read_grain_returns_only_that_grains_reminders()
    {
        await Table.UpsertAsync(Entry("a", "tick"));
        await Table.UpsertAsync(Entry("a", "tock"));
        await Table.UpsertAsync(Entry("b", "tick"));
        await Table.UpsertAsync(new ReminderEntry(new GrainId("test.other", "a"), "tick", Start, TimeSpan.FromMinutes(1), 7));

        var reminders = await Table.ReadGrainAsync(new GrainId("test.device", "a"));

        Assert.Equal(["tick", "tock"], reminders.Select(r => r.ReminderName).Order());
        Assert.All(reminders, r => Assert.Equal(new GrainId("test.device", "a"), r.GrainId));
        Assert.All(reminders, r => Assert.NotNull(r.ETag));
        Assert.Equal(4, (await Table.ReadAllAsync()).Count);
    }

    [Theory]
    [InlineData(100u, 1000u, new[] { "h101", "h1000" })]
    [InlineData(0u, 100u, new[] { "h1", "h100" })]
    [InlineData(0u, uint.MaxValue, new[] { "h1", "h100", "h101", "h1000", "hmax-1", "hmax" })]
    [InlineData(1000u, 100u, new[] { "h0", "h1", "h100", "hmax-1", "hmax" })]
    [InlineData(uint.MaxValue, 0u, new[] { "h0" })]
    [InlineData(uint.MaxValue - 1, 1u, new[] { "h0", "h1", "hmax" })]
    [InlineData(100u, 100u, new[] { "h0", "h1", "h100", "h101", "h1000", "hmax-1", "hmax" })]
    [InlineData(5000u, 6000u, new string[0])]
    public async Task Read_range_returns_hashes_in_begin_exclusive_end_inclusive_wrapping_around_zero(uint begin, uint end, string[] expected)
    {
        var hashes = new Dictionary<string, uint>
        {
            ["h0"] = 0,
            ["h1"] = 1,
            ["h100"] = 100,
            ["h101"] = 101,
            ["h1000"] = 1000,
            ["hmax-1"] = uint.MaxValue - 1,
            ["hmax"] = uint.MaxValue,
        };
        foreach (var (name, hash) in hashes)
        {
            await Table.UpsertAsync(Entry(name, "tick", hash));
        }

        var found = await Table.ReadRangeAsync(begin, end);

        Assert.Equal(expected.Order(), found.Select(r => r.GrainId.Key).Order());
        Assert.All(found, r => Assert.Equal(hashes[r.GrainId.Key], r.GrainHash));
    }

    [Fact]
    public async Task Remove_with_the_current_etag_removes_the_reminder()
    {
        var entry = Entry("a", "tick");
        var etag = await Table.UpsertAsync(entry);

        Assert.True(await Table.RemoveAsync(entry.GrainId, "tick", etag));

        Assert.Null(await Table.ReadAsync(entry.GrainId, "tick"));
        Assert.False(await Table.RemoveAsync(entry.GrainId, "tick", etag));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Remove_with_a_stale_or_malformed_etag_fails_and_keeps_the_reminder(bool malformed)
    {
        var entry = Entry("a", "tick");
        var stale = await Table.UpsertAsync(entry);
        var current = await Table.UpsertAsync(entry with { Period = TimeSpan.FromHours(1) });

        Assert.False(await Table.RemoveAsync(entry.GrainId, "tick", malformed ? "not-an-etag" : stale));

        Assert.Equal(current, (await Table.ReadAsync(entry.GrainId, "tick"))!.ETag);
    }

    [Fact]
    public async Task Remove_of_a_missing_reminder_returns_false()
    {
        Assert.False(await Table.RemoveAsync(new GrainId("test.device", "nobody"), "tick", "1"));
    }

    [Fact]
    public async Task Remove_touches_only_the_named_reminder_of_that_grain()
    {
        var tick = Entry("a", "tick");
        var etag = await Table.UpsertAsync(tick);
        await Table.UpsertAsync(Entry("a", "tock"));
        await Table.UpsertAsync(Entry("b", "tick"));

        Assert.True(await Table.RemoveAsync(tick.GrainId, "tick", etag));

        Assert.Equal(["a/tock", "b/tick"], (await Table.ReadAllAsync()).Select(r => $"{r.GrainId.Key}/{r.ReminderName}").Order());
    }

    [Fact]
    public async Task Services_with_different_service_ids_never_see_each_others_reminders()
    {
        var other = await CreateTableAsync(ServiceId + "-other");
        var entry = Entry("a", "tick");
        var etag = await Table.UpsertAsync(entry);

        Assert.Empty(await other.ReadAllAsync());
        Assert.Empty(await other.ReadRangeAsync(0, 0));
        Assert.Empty(await other.ReadGrainAsync(entry.GrainId));
        Assert.Null(await other.ReadAsync(entry.GrainId, "tick"));
        Assert.False(await other.RemoveAsync(entry.GrainId, "tick", etag));

        Assert.NotNull(await Table.ReadAsync(entry.GrainId, "tick"));
    }
}
