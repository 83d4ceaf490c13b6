namespace Gatehouse.Runtime.Reminders;

/// <summary>What a reminder tick knows about its schedule.</summary>
/// <param name="FirstTickTime">When the reminder was first due.</param>
/// <param name="Period">The time between ticks.</param>
/// <param name="CurrentTickTime">When this tick was due.</param>
[Immutable]
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);
