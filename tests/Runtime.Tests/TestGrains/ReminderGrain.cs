using System.Collections.Concurrent;
using Gatehouse.Runtime.Reminders;

namespace Gatehouse.Runtime.Tests.TestGrains;

public interface IReminderGrain : IRemindable, IGrainWithStringKey
{
    Task Register(string name, TimeSpan due, TimeSpan period);

    Task Unregister(string name);

    Task<List<string>> Names();
}

public sealed class ReminderGrain : Grain, IReminderGrain
{
    /// <summary>Ticks by "grainKey/reminderName", visible across silos and restarts in this process.</summary>
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<TickStatus>> Ticks = new();

    public Task Register(string name, TimeSpan due, TimeSpan period) => RegisterOrUpdateReminder(name, due, period);

    public async Task Unregister(string name)
    {
        var reminder = await GetReminder(name) ?? throw new KeyNotFoundException(name);
        await UnregisterReminder(reminder);
    }

    public async Task<List<string>> Names() => (await GetReminders()).Select(r => r.ReminderName).ToList();

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.GetOrAdd($"{GrainId.Key}/{reminderName}", _ => new ConcurrentQueue<TickStatus>()).Enqueue(status);
        return Task.CompletedTask;
    }
}
