using Microsoft.Extensions.Logging;

namespace Gatehouse.Runtime.Membership;

/// <summary>Cluster membership's log messages.</summary>
internal static partial class MembershipLog
{
    [LoggerMessage(201, LogLevel.Information, "Silo {Silo} ({SiloName}) is {Status} in the membership of service {ServiceId} at {Database}")]
    public static partial void StatusWritten(ILogger logger, string silo, string siloName, MemberStatus status, string serviceId, string database);

    [LoggerMessage(202, LogLevel.Information, "Membership view {Version}: {Count} active silos [{Silos}]")]
    public static partial void ViewChanged(ILogger logger, long version, int count, string silos);

    [LoggerMessage(203, LogLevel.Warning, "Declared silo {Silo} ({SiloName}) dead: {Reason}")]
    public static partial void DeclaredDead(ILogger logger, string silo, string siloName, string reason);

    [LoggerMessage(204, LogLevel.Critical, "This silo {Silo} is dead ({Reason}); it stops serving now")]
    public static partial void LocalSiloDead(ILogger logger, string silo, string reason);

    [LoggerMessage(205, LogLevel.Warning, "Writing this silo's heartbeat to the membership table failed")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(206, LogLevel.Warning, "Reading the membership table failed")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(207, LogLevel.Warning, "Silo {Silo} missed {Missed} probes in a row")]
    public static partial void ProbesMissed(ILogger logger, string silo, int missed);

    [LoggerMessage(208, LogLevel.Information, "Silo {Silo} answers probes again")]
    public static partial void ProbeRecovered(ILogger logger, string silo);

    [LoggerMessage(209, LogLevel.Warning, "Writing this silo's status {Status} to the membership table failed; its peers will find it dead by its heartbeat")]
    public static partial void LeaveFailed(ILogger logger, Exception exception, MemberStatus status);

    [LoggerMessage(210, LogLevel.Information, "Cluster client {Client} follows the membership of service {ServiceId} at {Database} (it has no row and owns no grains)")]
    public static partial void ClientStarted(ILogger logger, string client, string serviceId, string database);

    [LoggerMessage(211, LogLevel.Warning, "Declaring silo {Silo} dead failed")]
    public static partial void DeclareFailed(ILogger logger, Exception exception, string silo);
}
