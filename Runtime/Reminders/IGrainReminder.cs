namespace Gatehouse.Runtime.Reminders;

/// <summary>A handle to a registered reminder.</summary>
public interface IGrainReminder
{
    string ReminderName { get; }
}
