namespace Gatehouse.Runtime.Reminders;

/// <summary>Implemented by grain interfaces whose grains register reminders.</summary>
public interface IRemindable : IGrain
{
    Task ReceiveReminder(string reminderName, TickStatus status);
}
