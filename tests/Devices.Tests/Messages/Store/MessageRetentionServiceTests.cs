using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Messages.Memory;
using Gatehouse.Grains.Messages.Retention;
using Gatehouse.TestingHost;
using Microsoft.Extensions.Options;
using static Gatehouse.Devices.Tests.Messages.Store.StoreMessages;

namespace Gatehouse.Devices.Tests.Messages.Store;

/// <summary>The retention sweep runs on the injected clock: a minute after start, then every interval, deleting by series time.</summary>
public sealed class MessageRetentionServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Sweeps_a_minute_after_start_and_then_every_interval_deleting_what_is_older_than_the_retention()
    {
        var clock = new ManualTimeProvider(Day.AddDays(10));
        var store = new MemoryMessageStore();
        var options = Options.Create(new MessageOptions { Retention = TimeSpan.FromDays(7), RetentionSweepInterval = TimeSpan.FromHours(1) });
        await using var service = new MessageRetentionService(store, options, clock);
        var now = clock.GetUtcNow();
        var old = Message("d1", now - TimeSpan.FromDays(8));
        var borderline = Message("d2", now - TimeSpan.FromDays(7) + TimeSpan.FromMinutes(30));
        var fresh = Message("d1", now - TimeSpan.FromDays(1));
        foreach (var message in new[] { old, borderline, fresh })
        {
            await store.AppendAsync(message);
        }

        await service.StartAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.True(service.CurrentSweep.IsCompleted);
        Assert.Equal(2, (await store.ReadAsync("d1", new MessageRange())).Messages.Length);

        clock.Advance(TimeSpan.FromSeconds(1));
        await service.CurrentSweep.WaitAsync(Patience);
        Assert.Equal([fresh.Message.Mid], (await store.ReadAsync("d1", new MessageRange())).Messages.Select(m => m.Mid));
        Assert.Single((await store.ReadAsync("d2", new MessageRange())).Messages);

        // An hour later the cutoff has passed the borderline message too.
        clock.Advance(TimeSpan.FromHours(1));
        await service.CurrentSweep.WaitAsync(Patience);
        Assert.Empty((await store.ReadAsync("d2", new MessageRange())).Messages);

        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Without_a_retention_nothing_is_ever_deleted()
    {
        var clock = new ManualTimeProvider(Day.AddYears(5));
        var store = new MemoryMessageStore();
        await using var service = new MessageRetentionService(store, Options.Create(new MessageOptions()), clock);
        await store.AppendAsync(Message("d1", Day));

        await service.StartAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(30));
        await service.CurrentSweep.WaitAsync(Patience);

        Assert.Single((await store.ReadAsync("d1", new MessageRange())).Messages);
        Assert.Equal(0, await service.SweepAsync(CancellationToken.None));
    }

    [Fact]
    public void A_retention_that_is_not_positive_is_refused_at_start_up()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new MessageRetentionService(new MemoryMessageStore(), Options.Create(new MessageOptions { Retention = TimeSpan.Zero })));
        Assert.Contains("Retention", error.Message);
    }
}
