using Microsoft.Extensions.Logging;

namespace Gatehouse.Runtime.Transport;

/// <summary>The transport's log messages.</summary>
internal static partial class TransportLog
{
    [LoggerMessage(101, LogLevel.Information, "Silo transport listening on {Endpoint}")]
    public static partial void Listening(ILogger logger, string endpoint);

    [LoggerMessage(102, LogLevel.Information, "Connected to silo {Remote} ({Connection})")]
    public static partial void Connected(ILogger logger, string remote, string connection);

    [LoggerMessage(103, LogLevel.Warning, "Could not connect to silo {Remote}; next attempt in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, Exception exception, string remote, TimeSpan delay);

    [LoggerMessage(104, LogLevel.Information, "Connection {Connection} closed ({Reason}); {Pending} pending calls failed")]
    public static partial void ConnectionClosed(ILogger logger, string connection, string reason, int pending);

    [LoggerMessage(105, LogLevel.Warning, "Connection {Connection} sent a bad frame ({Rejection}); closing it")]
    public static partial void BadFrame(ILogger logger, string connection, FrameRejection rejection);

    [LoggerMessage(106, LogLevel.Warning, "Call {Method} on {Target} from {Connection} could not be started")]
    public static partial void InboundCallRefused(ILogger logger, Exception exception, string method, string target, string connection);

    [LoggerMessage(107, LogLevel.Error, "Accepting silo connections failed")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(108, LogLevel.Warning, "Refused a transport connection from {Endpoint}: {Reason}")]
    public static partial void HandshakeRefused(ILogger logger, string endpoint, string reason);

    [LoggerMessage(109, LogLevel.Warning, "Silo transport on {Endpoint} accepts connections from beyond loopback without a cluster secret: anyone who can reach it can call any grain. Set Gatehouse:Silo:Transport:ClusterSecretFile")]
    public static partial void ListeningWithoutSecret(ILogger logger, string endpoint);
}
