using Gatehouse.Runtime.Tests.TestGrains;
using Gatehouse.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Runtime.Tests.Reminders;

public sealed class ReminderRestartTests
{
    [Fact]
    public async Task A_reminder_registered_before_a_restart_fires_after_it()
    {
        var directory = Path.Combine(Path.GetTempPath(), "gatehouse-reminder-" + Guid.NewGuid().ToString("N"));
        var key = Guid.NewGuid().ToString("N");
        // One manual clock for both lives of the silo: the tick falls due only when the test says,
        // after the restart, however long a loaded machine takes to stop and start the silo (on
        // the wall clock a slow restart missed a 2 s due time and waited for the next period).
        var clock = new ManualTimeProvider();
        try
        {
            await using (var before = await TestClusters.StartAsync(b => b.UseSqlite(directory).ConfigureServices(s => s.AddSingleton<TimeProvider>(clock))))
            {
                await before.GrainFactory.GetGrain<IReminderGrain>(key).Register("wake", TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1));
            }
            Assert.False(ReminderGrain.Ticks.ContainsKey($"{key}/wake"));

            await using var after = await TestClusters.StartAsync(b => b.UseSqlite(directory).ConfigureServices(s => s.AddSingleton<TimeProvider>(clock)));
            Assert.False(ReminderGrain.Ticks.ContainsKey($"{key}/wake"));
            clock.Advance(TimeSpan.FromSeconds(2));
            // Nothing calls the grain: the reminder itself must activate it.
            var deadline = Environment.TickCount64 + 20_000;
            while (!ReminderGrain.Ticks.ContainsKey($"{key}/wake"))
            {
                Assert.True(Environment.TickCount64 < deadline, "the reminder did not fire after the restart");
                await Task.Delay(50);
            }
            Assert.True(ReminderGrain.Ticks[$"{key}/wake"].TryPeek(out var tick));
            Assert.Equal(TimeSpan.FromMinutes(1), tick.Period);
            Assert.Equal(["wake"], await after.GrainFactory.GetGrain<IReminderGrain>(key).Names());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task An_unregistered_reminder_stops_firing()
    {
        await using var cluster = await TestClusters.StartAsync();
        var key = Guid.NewGuid().ToString("N");
        var grain = cluster.GrainFactory.GetGrain<IReminderGrain>(key);
        await grain.Register("tick", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var deadline = Environment.TickCount64 + 10_000;
        while (!ReminderGrain.Ticks.ContainsKey($"{key}/tick"))
        {
            Assert.True(Environment.TickCount64 < deadline, "the reminder never fired");
            await Task.Delay(20);
        }

        await grain.Unregister("tick");
        var count = ReminderGrain.Ticks[$"{key}/tick"].Count;
        await Task.Delay(1500);

        Assert.Equal(count, ReminderGrain.Ticks[$"{key}/tick"].Count);
        Assert.Empty(await grain.Names());
    }
}
