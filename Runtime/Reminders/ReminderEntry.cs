namespace Gatehouse.Runtime.Reminders;

/// <summary>
/// A durable reminder row. <paramref name="GrainHash"/> is <see cref="GrainId.GetUniformHashCode"/>
/// so that, once there are several silos, each silo can load only the reminders in its hash range.
/// </summary>
public sealed record ReminderEntry(
    GrainId GrainId,
    string ReminderName,
    DateTimeOffset StartAt,
    TimeSpan Period,
    uint GrainHash,
    string? ETag = null);
