namespace Gatehouse.Runtime.Reminders;

internal sealed record GrainReminder(string ReminderName) : IGrainReminder;
