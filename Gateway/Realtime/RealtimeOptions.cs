namespace Gatehouse.Gateway.Realtime;

/// <summary>Live channels (the ARTIK device WebSocket and device feeds), bound from <c>Gatehouse:Realtime</c>.</summary>
public sealed class RealtimeOptions
{
    public const string SectionName = "Gatehouse:Realtime";

    /// <summary>Largest frame a client may send, in bytes; a larger one is refused with an error frame. Default 16 KiB (a message's data may be up to 64 KiB over HTTP; ARTIK itself allows 1 KB).</summary>
    public int MaxFrameBytes { get; set; } = 16 * 1024;

    /// <summary>Frames waiting to be written to one connection. A connection whose queue overflows is closed. Default 256.</summary>
    public int SendQueueLength { get; set; } = 256;

    /// <summary>How long an ARTIK channel may stay open without a device registered on it. Default 30 s (ARTIK's).</summary>
    public TimeSpan RegisterTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an ARTIK channel may go without a frame from its client. Default 10 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a channel sends a keep-alive: ARTIK's <c>{"type":"ping"}</c> frame, an SSE comment. Default 30 s (ARTIK's).</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often every credential behind an open channel is authenticated again, to catch what
    /// the credential grain cannot announce (a disabled or deleted user, a revoked OAuth2 client,
    /// a changed password). Revocation of a token or key closes channels at once regardless. Default 60 s.
    /// </summary>
    public TimeSpan ReauthenticationInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Devices one ARTIK channel may register. Default 100.</summary>
    public int MaxRegistrationsPerChannel { get; set; } = 100;

    /// <summary>Bad frames (not JSON, unknown type, too large, binary, refused) an ARTIK channel may send before it is closed. Default 10.</summary>
    public int MaxBadFrames { get; set; } = 10;

    /// <summary>How long a closing connection gets to flush and answer the close before it is aborted. Default 5 s.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
