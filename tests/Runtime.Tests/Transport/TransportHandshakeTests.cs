using System.Buffers;
using System.Net.Sockets;
using Gatehouse.Runtime.Placement;
using Gatehouse.Runtime.Transport;

namespace Gatehouse.Runtime.Tests.Transport;

/// <summary>
/// The handshake that opens every transport connection: the cluster secret, the service id and
/// the listener's generation are checked before a single frame is read.
/// </summary>
public sealed class TransportHandshakeTests
{
    private const string Secret = "correct horse battery staple, but longer than 32";
    private const string OtherSecret = "a different secret that is also long enough!!";

    [Fact]
    public async Task Silos_holding_the_same_secret_call_each_other()
    {
        await using var silos = await TwoSilos.StartAsync(transport: o => o.ClusterSecret = Secret);

        Assert.Equal("silo-2", await silos.Probe(silos.A, silos.B, "shared").WhereAmI());
        Assert.Equal("silo-1", await silos.Probe(silos.B, silos.A, "shared-back").WhereAmI());
        Assert.True(TwoSilos.TransportOf(silos.A).IsAuthenticated);
    }

    [Fact]
    public async Task A_silo_with_another_secret_is_refused_and_its_call_never_runs()
    {
        var index = 0;
        await using var silos = await TwoSilos.StartAsync(transport: o => o.ClusterSecret = index++ == 0 ? Secret : OtherSecret);

        var exception = await Assert.ThrowsAsync<SiloUnavailableException>(() => silos.Probe(silos.A, silos.B, "refused").WhereAmI());

        Assert.Contains("secret", exception.Message);
        Assert.DoesNotContain(Secret, exception.ToString());
        Assert.DoesNotContain(OtherSecret, exception.ToString());
        Assert.Equal(0, silos.B.ActivationCount);
        Assert.Empty(TwoSilos.TransportOf(silos.B).Connections);
    }

    [Fact]
    public async Task A_silo_without_the_secret_is_refused_by_one_that_has_it()
    {
        var index = 0;
        await using var silos = await TwoSilos.StartAsync(transport: o => o.ClusterSecret = index++ == 0 ? null : Secret);

        await Assert.ThrowsAsync<SiloUnavailableException>(() => silos.Probe(silos.A, silos.B, "no-secret").WhereAmI());
        Assert.Equal(0, silos.B.ActivationCount);
    }

    [Fact]
    public async Task A_peer_that_sends_frames_without_the_handshake_is_closed_and_nothing_runs()
    {
        await using var silos = await TwoSilos.StartAsync(transport: o => o.ClusterSecret = Secret);
        var address = TwoSilos.TransportOf(silos.B).LocalAddress;
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(address.Host, address.Port);
        var target = silos.B.GrainFactory.GetGrain<TestGrains.IRemoteProbeGrain>("intruded").GetGrainId().ToString();
        var (interfaceName, methodName) = new WireMethodTable().NameOf(
            Invocation.GrainInterfaceInfo.For(typeof(TestGrains.IRemoteProbeGrain)).Methods.Single(m => m.Method.Name == "WhereAmI"));
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.Write(buffer, new Frame(FrameKind.OneWay, 1, 0, target, interfaceName, methodName, "[]"u8.ToArray()));

        await socket.SendAsync(buffer.WrittenMemory);

        Assert.Equal(0, await ReadUntilClosedAsync(socket));
        Assert.Equal(0, silos.B.ActivationCount);
        Assert.Empty(TwoSilos.TransportOf(silos.B).Connections);
    }

    [Fact]
    public async Task A_dialer_that_skips_the_listeners_proof_and_guesses_its_own_is_refused()
    {
        await using var silos = await TwoSilos.StartAsync(transport: o => o.ClusterSecret = Secret);
        var transport = TwoSilos.TransportOf(silos.B);
        var address = transport.LocalAddress;
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(address.Host, address.Port);
        var hello = new List<byte>("GHT1"u8.ToArray()) { TransportHandshake.Version };
        hello.AddRange(new byte[32]);
        foreach (var text in new[] { transport.ServiceId, address.ToString(), "127.0.0.1:1@1" })
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            hello.Add((byte)(bytes.Length >> 8));
            hello.Add((byte)bytes.Length);
            hello.AddRange(bytes);
        }
        await socket.SendAsync(hello.ToArray());
        var challenge = new byte[4 + 1 + 32 + 32];
        await ReceiveExactlyAsync(socket, challenge);
        Assert.Equal((byte)HandshakeStatus.Accepted, challenge[4]);
        var addressLength = new byte[2];
        await ReceiveExactlyAsync(socket, addressLength);
        await ReceiveExactlyAsync(socket, new byte[(addressLength[0] << 8) | addressLength[1]]);

        await socket.SendAsync(new byte[32]);

        var verdict = new byte[1];
        await ReceiveExactlyAsync(socket, verdict);
        Assert.Equal((byte)HandshakeStatus.BadProof, verdict[0]);
        Assert.Equal(0, await ReadUntilClosedAsync(socket));
        Assert.Empty(transport.Connections);
    }

    [Fact]
    public async Task A_listener_that_cannot_prove_the_secret_gets_no_connection_even_if_it_says_accepted()
    {
        // An impostor on a silo's endpoint: it answers the hello with a made-up proof and waves
        // every dialer through. The dialer must stop at the proof, before any call is sent.
        using var impostor = new Socket(SocketType.Stream, ProtocolType.Tcp);
        impostor.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        impostor.Listen(1);
        var port = ((System.Net.IPEndPoint)impostor.LocalEndPoint!).Port;
        var impersonated = new SiloAddress("127.0.0.1", port, 42);
        var answering = Task.Run(async () =>
        {
            using var accepted = await impostor.AcceptAsync();
            await accepted.ReceiveAsync(new byte[4096], SocketFlags.None);
            var address = System.Text.Encoding.UTF8.GetBytes(impersonated.ToString());
            var challenge = new List<byte>("GHT1"u8.ToArray()) { (byte)HandshakeStatus.Accepted };
            challenge.AddRange(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
            challenge.Add((byte)(address.Length >> 8));
            challenge.Add((byte)address.Length);
            challenge.AddRange(address);
            await accepted.SendAsync(challenge.ToArray());
            var proof = new byte[32];
            var received = await accepted.ReceiveAsync(proof, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : 0);
            await accepted.SendAsync(new[] { (byte)HandshakeStatus.Accepted });
            return received;
        });
        using var dialer = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await dialer.ConnectAsync(System.Net.IPAddress.Loopback, port);
        var key = ClusterSecret.ResolveKey(new TransportOptions { ClusterSecret = Secret })!;

        var refused = await Assert.ThrowsAsync<TransportHandshakeException>(() =>
            TransportHandshake.DialAsync(new NetworkStream(dialer), key, "gatehouse", impersonated, new SiloAddress("127.0.0.1", 1, 1), CancellationToken.None));

        Assert.Equal(HandshakeStatus.BadProof, refused.Status);
        Assert.Contains("could not prove", refused.Message);
        dialer.Dispose();
        Assert.Equal(0, await answering.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_peer_that_never_finishes_the_handshake_is_closed_after_the_connect_timeout()
    {
        await using var silos = await TwoSilos.StartAsync(transport: o => o.ConnectTimeout = TimeSpan.FromSeconds(1));
        var address = TwoSilos.TransportOf(silos.B).LocalAddress;
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(address.Host, address.Port);
        await socket.SendAsync("GHT1"u8.ToArray());

        var closedWithin = await ReadUntilClosedAsync(socket).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, closedWithin);
    }

    [Fact]
    public async Task A_dialer_that_means_an_earlier_generation_is_told_that_silo_is_gone()
    {
        await using var silos = await TwoSilos.StartAsync();
        var transport = TwoSilos.TransportOf(silos.B);
        var current = transport.LocalAddress;
        var earlier = current with { Generation = current.Generation - 1 };
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(current.Host, current.Port);

        var refused = await Assert.ThrowsAsync<TransportHandshakeException>(() =>
            TransportHandshake.DialAsync(new NetworkStream(socket), transport.HandshakeKey, transport.ServiceId, earlier, new SiloAddress("127.0.0.1", 1, 1), CancellationToken.None));

        Assert.Equal(HandshakeStatus.OtherGeneration, refused.Status);
        Assert.Contains(current.ToString(), refused.Message);
    }

    [Fact]
    public async Task A_dialer_of_another_service_is_refused()
    {
        await using var silos = await TwoSilos.StartAsync();
        var transport = TwoSilos.TransportOf(silos.B);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(transport.LocalAddress.Host, transport.LocalAddress.Port);

        var refused = await Assert.ThrowsAsync<TransportHandshakeException>(() =>
            TransportHandshake.DialAsync(new NetworkStream(socket), transport.HandshakeKey, "another-service", transport.LocalAddress, new SiloAddress("127.0.0.1", 1, 1), CancellationToken.None));

        Assert.Equal(HandshakeStatus.OtherService, refused.Status);
    }

    [Fact]
    public void Weak_or_ambiguous_secret_settings_fail_at_start_up_without_showing_the_secret()
    {
        var shortOne = Assert.Throws<InvalidOperationException>(() => ClusterSecret.ResolveKey(new TransportOptions { ClusterSecret = "hunter2-hunter2" }));
        Assert.Contains("at least 32", shortOne.Message);
        Assert.DoesNotContain("hunter2", shortOne.Message);

        Assert.Throws<InvalidOperationException>(() => ClusterSecret.ResolveKey(new TransportOptions { ClusterSecret = Secret, ClusterSecretFile = "/x" }));
        Assert.Throws<InvalidOperationException>(() => ClusterSecret.ResolveKey(new TransportOptions { ClusterSecretFile = "/nonexistent/secret" }));
        Assert.Null(ClusterSecret.ResolveKey(new TransportOptions()));
    }

    [Fact]
    public void The_secret_file_is_read_and_trimmed()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "  " + Secret + "\n");
            Assert.Equal(ClusterSecret.ResolveKey(new TransportOptions { ClusterSecret = Secret }), ClusterSecret.ResolveKey(new TransportOptions { ClusterSecretFile = path }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task ReceiveExactlyAsync(Socket socket, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var count = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotEqual(0, count);
            read += count;
        }
    }

    /// <summary>Reads until the peer closes; returns the bytes that arrived (0: closed without a word).</summary>
    private static async Task<int> ReadUntilClosedAsync(Socket socket)
    {
        var total = 0;
        var buffer = new byte[256];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
            }
            catch (SocketException)
            {
                return total;
            }
            if (read == 0)
            {
                return total;
            }
            total += read;
        }
    }
}
