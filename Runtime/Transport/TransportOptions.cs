namespace Gatehouse.Runtime.Transport;

/// <summary>
/// Settings of the silo-to-silo TCP transport (<c>SiloBuilder.UseTcpTransport</c>), bound from
/// <c>Gatehouse:Silo:Transport</c>. Without the transport a silo is a cluster of one and none of
/// this applies.
/// </summary>
public sealed class TransportOptions
{
    public const string SectionName = "Gatehouse:Silo:Transport";

    /// <summary>The address the silo listens on for other silos and gateways. Default: <c>127.0.0.1</c> (loopback only).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 picks a free one (tests). Default: 11111 (Orleans' silo port).</summary>
    public int ListenPort { get; set; } = 11111;

    /// <summary>
    /// The host name other silos are told to reach this one by (the membership entry). Default:
    /// null, meaning <see cref="ListenAddress"/>; set it when listening on 0.0.0.0.
    /// </summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>
    /// The secret every silo and cluster-client gateway of the service shares. Each connection
    /// starts with a handshake in which both sides prove they hold it (HMAC-SHA256 over fresh
    /// nonces; the secret itself never crosses the wire), so a process that can reach the port but
    /// lacks the secret cannot call grains. At least 32 characters; generate one with
    /// <c>openssl rand -base64 48</c>. Default: null, meaning no authentication between silos,
    /// which is only acceptable on loopback or a network no one else can reach (the silo logs a
    /// warning when it listens elsewhere without one). Prefer <see cref="ClusterSecretFile"/>,
    /// which keeps the secret out of the environment.
    /// </summary>
    public string? ClusterSecret { get; set; }

    /// <summary>
    /// A file whose content (surrounding whitespace trimmed) is the <see cref="ClusterSecret"/>,
    /// for systemd credentials or a mounted secret. Default: null. Setting both is an error.
    /// </summary>
    public string? ClusterSecretFile { get; set; }

    /// <summary>Mutual TLS between silos (<c>Tls:CertificatePath</c>, <c>Tls:KeyPath</c>, <c>Tls:CaCertificatePath</c>). Default: off.</summary>
    public TransportTlsOptions Tls { get; set; } = new();

    /// <summary>Connections kept to each remote silo; calls are spread over them round robin. Default: 2.</summary>
    public int ConnectionsPerSilo { get; set; } = 2;

    /// <summary>
    /// Frames waiting to be written on one connection. When the queue is full, callers wait for
    /// room (back-pressure) rather than frames being dropped. Default: 4096.
    /// </summary>
    public int OutboundQueueCapacity { get; set; } = 4096;

    /// <summary>
    /// Calls to one remote silo that may await a response at once. A call beyond this fails at
    /// once with <see cref="TransportOverloadedException"/>. Default: 50,000.
    /// </summary>
    public int MaxPendingCallsPerSilo { get; set; } = 50_000;

    /// <summary>The largest frame accepted or sent; a bigger one closes the connection (received) or fails the call (sent). Default: 16 MiB.</summary>
    public int MaxFrameSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// How long opening a connection may take, handshake included; an accepted connection that has
    /// not finished its handshake by then is closed. Default: 5 seconds.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait before retrying a silo that could not be reached; doubles per failure up to <see cref="MaxReconnectDelay"/>. Default: 100 ms.</summary>
    public TimeSpan InitialReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between attempts to reach a silo. Default: 5 seconds.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A remote silo's connection pool that has had no connection and no call for this long is
    /// forgotten, with its reconnect back-off (restarted silos and gateways are new addresses, so
    /// pools to past incarnations would otherwise pile up). Default: 1 minute.
    /// </summary>
    public TimeSpan IdlePoolTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each connection is pinged. Default: 2 seconds.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A connection on which nothing (not even a pong) arrived for this long is closed and its
    /// pending calls fail. Default: 6 seconds (three pings). The gap counts only once a ping sent
    /// at an earlier check has gone unanswered and no unread bytes wait in the socket, so a silo
    /// that was itself paused (GC, a descheduled process) does not drop live peers on waking; a
    /// dead peer is found after this timeout plus at most one <see cref="PingInterval"/>.
    /// </summary>
    public TimeSpan DeadConnectionTimeout { get; set; } = TimeSpan.FromSeconds(6);
}
