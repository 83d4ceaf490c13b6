using Microsoft.Extensions.Logging;

namespace Gatehouse.Runtime;

/// <summary>The runtime's log messages, source-generated so disabled levels cost nothing.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(1, LogLevel.Error, "Grain {GrainId}: {What} failed")]
    public static partial void ActivationError(ILogger logger, Exception exception, string grainId, string what);

    [LoggerMessage(2, LogLevel.Information, "Silo {SiloName} of service {ServiceId} is active with {GrainClassCount} grain classes")]
    public static partial void SiloActive(ILogger logger, string siloName, string serviceId, int grainClassCount);

    [LoggerMessage(3, LogLevel.Information, "Silo {SiloName} stopping: deactivating {ActivationCount} activations")]
    public static partial void SiloStopping(ILogger logger, string siloName, int activationCount);

    [LoggerMessage(4, LogLevel.Information, "Silo {SiloName} stopped")]
    public static partial void SiloStopped(ILogger logger, string siloName);

    [LoggerMessage(5, LogLevel.Debug, "Collected {Count} idle activations")]
    public static partial void IdleCollected(ILogger logger, int count);

    [LoggerMessage(6, LogLevel.Warning, "Reminder {ReminderName} of {GrainId} failed to tick")]
    public static partial void ReminderTickFailed(ILogger logger, Exception exception, string reminderName, string grainId);

    [LoggerMessage(7, LogLevel.Error, "Timer of grain {GrainId} failed")]
    public static partial void TimerFailed(ILogger logger, Exception exception, string grainId);

    [LoggerMessage(8, LogLevel.Warning, "Loading reminders failed; retrying")]
    public static partial void ReminderLoadFailed(ILogger logger, Exception exception);

    [LoggerMessage(9, LogLevel.Error, "Silo start-up task {Task} failed")]
    public static partial void StartupTaskFailed(ILogger logger, Exception exception, string task);
}
