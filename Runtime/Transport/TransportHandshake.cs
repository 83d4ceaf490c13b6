using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Gatehouse.Runtime.Placement;

namespace Gatehouse.Runtime.Transport;

/// <summary>
/// What two silos say before the first frame. It proves to each side that the other holds the
/// cluster secret (HMAC-SHA256 over both sides' fresh nonces, so a recorded exchange is useless
/// later), that both belong to the same service, and that the listener is the generation the
/// dialer means: a silo restarted on the same port is a new member, and a call placed on the old
/// one must fail rather than run on a silo that may not own the grain. Without a configured secret
/// the proofs use a fixed key: the service and generation checks still hold, authentication does
/// not (the operations guide says so). A side that fails a check answers with a status byte saying
/// which one and closes; nothing it was sent before the handshake finishes is ever parsed as a frame.
/// <code>
/// dialer   → listener  "GHT1", u8 version, 32-byte dialer nonce, str service id, str target address, str dialer address
/// listener → dialer    "GHT1", u8 status, 32-byte listener nonce, 32-byte listener proof, str listener address
/// dialer   → listener  32-byte dialer proof
/// listener → dialer    u8 status
/// str = u16 big-endian length + UTF-8 (at most 1,024 bytes); addresses in SiloAddress's text form
/// listener proof = HMAC(key, "GHT1 listener" ‖ dialer nonce ‖ listener nonce ‖ service id ‖ target)
/// dialer proof   = HMAC(key, "GHT1 dialer"   ‖ listener nonce ‖ dialer nonce ‖ service id ‖ target)
/// </code>
/// </summary>
internal static class TransportHandshake
{
    public const byte Version = 1;

    private const int NonceSize = 32;
    private const int ProofSize = 32;
    private const int MaxTextBytes = 1024;
    private static ReadOnlySpan<byte> Magic => "GHT1"u8;
    private static ReadOnlySpan<byte> ListenerLabel => "GHT1 listener"u8;
    private static ReadOnlySpan<byte> DialerLabel => "GHT1 dialer"u8;

    /// <summary>The HMAC key of a cluster that configured no secret: checks membership facts, proves nothing.</summary>
    public static readonly byte[] UnauthenticatedKey = "gatehouse-transport-without-a-cluster-secret"u8.ToArray();

    /// <summary>
    /// Runs the dialer's side on a connected stream (the socket's, or TLS over it). Returns normally when the listener accepted
    /// this silo; otherwise throws <see cref="TransportHandshakeException"/> saying why.
    /// </summary>
    public static async Task DialAsync(Stream stream, byte[] key, string serviceId, SiloAddress target, SiloAddress self, CancellationToken cancellationToken)
    {
        try
        {
            await DialCoreAsync(stream, key, serviceId, target, self, cancellationToken);
        }
        catch (Exception exception) when (exception is EndOfStreamException or IOException)
        {
            // With TLS 1.3 a listener that rejects this silo's certificate says so only by closing.
            throw new TransportHandshakeException(HandshakeStatus.NotATransport,
                $"The silo at {target.Host}:{target.Port} closed the connection during the handshake (it may not trust this silo's TLS certificate, or may not be a Gatehouse silo).");
        }
    }

    private static async Task DialCoreAsync(Stream stream, byte[] key, string serviceId, SiloAddress target, SiloAddress self, CancellationToken cancellationToken)
    {
        var dialerNonce = RandomNumberGenerator.GetBytes(NonceSize);
        var targetText = target.ToString();

        var hello = new MemoryStream();
        hello.Write(Magic);
        hello.WriteByte(Version);
        hello.Write(dialerNonce);
        WriteText(hello, serviceId);
        WriteText(hello, targetText);
        WriteText(hello, self.ToString());
        await stream.WriteAsync(hello.ToArray(), cancellationToken);

        var head = new byte[Magic.Length + 1 + NonceSize + ProofSize];
        await stream.ReadExactlyAsync(head, cancellationToken);
        if (!head.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new TransportHandshakeException(HandshakeStatus.NotATransport, $"{target.Host}:{target.Port} is not a Gatehouse silo transport.");
        }
        var status = (HandshakeStatus)head[Magic.Length];
        var listenerNonce = head.AsMemory(Magic.Length + 1, NonceSize);
        var listenerProof = head.AsMemory(Magic.Length + 1 + NonceSize, ProofSize);
        var listenerAddress = await ReadTextAsync(stream, cancellationToken);
        if (status != HandshakeStatus.Accepted)
        {
            throw new TransportHandshakeException(status, Describe(status, target, listenerAddress));
        }
        var expected = Proof(key, ListenerLabel, dialerNonce, listenerNonce.Span, serviceId, targetText);
        if (!CryptographicOperations.FixedTimeEquals(expected, listenerProof.Span))
        {
            throw new TransportHandshakeException(HandshakeStatus.BadProof,
                $"The silo at {target.Host}:{target.Port} could not prove it holds this cluster's secret; not connecting.");
        }

        await stream.WriteAsync(Proof(key, DialerLabel, listenerNonce.Span, dialerNonce, serviceId, targetText), cancellationToken);
        var verdict = new byte[1];
        await stream.ReadExactlyAsync(verdict, cancellationToken);
        if ((HandshakeStatus)verdict[0] != HandshakeStatus.Accepted)
        {
            throw new TransportHandshakeException((HandshakeStatus)verdict[0], Describe((HandshakeStatus)verdict[0], target, listenerAddress));
        }
    }

    /// <summary>
    /// Runs the listener's side on an accepted stream (the socket's, or TLS over it). Returns the dialer's own address once it
    /// proved itself; otherwise answers with the failed check's status and throws.
    /// </summary>
    public static async Task<string> AcceptAsync(Stream stream, byte[] key, string serviceId, SiloAddress self, CancellationToken cancellationToken)
    {
        var head = new byte[Magic.Length + 1 + NonceSize];
        await stream.ReadExactlyAsync(head, cancellationToken);
        if (!head.AsSpan(0, Magic.Length).SequenceEqual(Magic) || head[Magic.Length] != Version)
        {
            // Not one of ours (or a version this silo does not speak): no answer worth parsing.
            throw new TransportHandshakeException(HandshakeStatus.NotATransport, "the peer did not open with a Gatehouse transport handshake");
        }
        var dialerNonce = head.AsMemory(Magic.Length + 1, NonceSize);
        var dialerService = await ReadTextAsync(stream, cancellationToken);
        var targetText = await ReadTextAsync(stream, cancellationToken);
        var dialerAddress = await ReadTextAsync(stream, cancellationToken);

        var status = HandshakeStatus.Accepted;
        if (!string.Equals(dialerService, serviceId, StringComparison.Ordinal))
        {
            status = HandshakeStatus.OtherService;
        }
        else if (!SiloAddress.TryParse(targetText, out var target) || target.Generation != self.Generation)
        {
            status = HandshakeStatus.OtherGeneration;
        }

        var listenerNonce = RandomNumberGenerator.GetBytes(NonceSize);
        var challenge = new MemoryStream();
        challenge.Write(Magic);
        challenge.WriteByte((byte)status);
        challenge.Write(listenerNonce);
        challenge.Write(status == HandshakeStatus.Accepted
            ? Proof(key, ListenerLabel, dialerNonce.Span, listenerNonce, serviceId, targetText)
            : new byte[ProofSize]);
        WriteText(challenge, self.ToString());
        await stream.WriteAsync(challenge.ToArray(), cancellationToken);
        if (status != HandshakeStatus.Accepted)
        {
            throw new TransportHandshakeException(status, Describe(status, dialerAddress, dialerService, targetText, self));
        }

        var dialerProof = new byte[ProofSize];
        await stream.ReadExactlyAsync(dialerProof, cancellationToken);
        var expected = Proof(key, DialerLabel, listenerNonce, dialerNonce.Span, serviceId, targetText);
        var proved = CryptographicOperations.FixedTimeEquals(expected, dialerProof);
        await stream.WriteAsync(new[] { (byte)(proved ? HandshakeStatus.Accepted : HandshakeStatus.BadProof) }, cancellationToken);
        if (!proved)
        {
            throw new TransportHandshakeException(HandshakeStatus.BadProof, $"{dialerAddress} did not prove it holds this cluster's secret");
        }
        return dialerAddress;
    }

    private static byte[] Proof(byte[] key, ReadOnlySpan<byte> label, ReadOnlySpan<byte> firstNonce, ReadOnlySpan<byte> secondNonce, string serviceId, string target)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(label);
        hmac.AppendData(firstNonce);
        hmac.AppendData(secondNonce);
        AppendText(hmac, serviceId);
        AppendText(hmac, target);
        return hmac.GetHashAndReset();
    }

    // Length-prefixed, so ("ab", "c") and ("a", "bc") never hash alike.
    private static void AppendText(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }

    private static void WriteText(MemoryStream output, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > MaxTextBytes)
        {
            throw new ArgumentException($"'{text[..32]}…' is longer than the {MaxTextBytes} bytes a handshake field holds.");
        }
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)bytes.Length);
        output.Write(length);
        output.Write(bytes);
    }

    private static async Task<string> ReadTextAsync(Stream stream, CancellationToken cancellationToken)
    {
        var length = new byte[2];
        await stream.ReadExactlyAsync(length, cancellationToken);
        var size = BinaryPrimitives.ReadUInt16BigEndian(length);
        if (size > MaxTextBytes)
        {
            throw new TransportHandshakeException(HandshakeStatus.NotATransport, $"a handshake field of {size} bytes (at most {MaxTextBytes})");
        }
        var bytes = new byte[size];
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return Encoding.UTF8.GetString(bytes);
    }

    private static string Describe(HandshakeStatus status, SiloAddress target, string listenerAddress) => status switch
    {
        HandshakeStatus.OtherService => $"The silo at {target.Host}:{target.Port} belongs to another service id; not connecting.",
        HandshakeStatus.OtherGeneration => $"Silo {target} is gone: {target.Host}:{target.Port} now runs {listenerAddress}.",
        HandshakeStatus.BadProof => $"The silo at {target.Host}:{target.Port} refused this silo's proof of the cluster secret (the secrets differ).",
        _ => $"The silo at {target.Host}:{target.Port} refused the connection ({status}).",
    };

    private static string Describe(HandshakeStatus status, string dialer, string service, string target, SiloAddress self) => status switch
    {
        HandshakeStatus.OtherService => $"{dialer} is of service '{service}'",
        HandshakeStatus.OtherGeneration => $"{dialer} asked for {target}, but this is {self}",
        _ => status.ToString(),
    };
}
