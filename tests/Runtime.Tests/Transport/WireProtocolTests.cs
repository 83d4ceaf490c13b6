using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Invocation;
using Gatehouse.Runtime.Placement;
using Gatehouse.Runtime.Tests.TestGrains;
using Gatehouse.Runtime.Transport;
using Gatehouse.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gatehouse.Runtime.Tests.Transport;

/// <summary>A silo's listener spoken to with raw frames, as a misbehaving or foreign peer would.</summary>
public sealed class WireProtocolTests
{
    [Fact]
    public async Task A_one_way_call_runs_and_is_not_answered()
    {
        await using var silos = await TwoSilos.StartAsync();
        await using var peer = await RawPeer.ConnectAsync(silos.B);
        var increment = Method(nameof(IRemoteProbeGrain.Increment));
        var target = silos.B.GrainFactory.GetGrain<IRemoteProbeGrain>("one-way").GetGrainId().ToString();

        await peer.SendAsync(new Frame(FrameKind.OneWay, 1, 5000, target, increment.Interface, increment.Method, "[]"u8.ToArray()));
        await peer.SendAsync(new Frame(FrameKind.Request, 2, 5000, target, increment.Interface, increment.Method, "[]"u8.ToArray()));

        // The only answer is to the request, and it counts the one-way call that ran before it.
        var answer = await peer.ReceiveAsync();
        Assert.Equal(FrameKind.Response, answer.Kind);
        Assert.Equal(2, answer.CorrelationId);
        Assert.Equal("2", Encoding.UTF8.GetString(answer.Payload.Span));
    }

    [Fact]
    public async Task An_unknown_method_or_unreadable_arguments_are_answered_with_an_error_and_not_run()
    {
        await using var silos = await TwoSilos.StartAsync();
        await using var peer = await RawPeer.ConnectAsync(silos.B);
        var add = Method(nameof(IRemoteProbeGrain.Add));
        var target = silos.B.GrainFactory.GetGrain<IRemoteProbeGrain>("strict").GetGrainId().ToString();

        await peer.SendAsync(new Frame(FrameKind.Request, 7, 5000, target, add.Interface, "Subtract(System.Int32,System.Int32)", "[1,2]"u8.ToArray()));
        await peer.SendAsync(new Frame(FrameKind.Request, 8, 5000, target, add.Interface, add.Method, "[1]"u8.ToArray()));
        await peer.SendAsync(new Frame(FrameKind.Request, 9, 5000, target, "System.String, System.Private.CoreLib", "Trim()", "[]"u8.ToArray()));

        foreach (var id in new long[] { 7, 8, 9 })
        {
            var answer = await peer.ReceiveAsync();
            Assert.Equal(FrameKind.Error, answer.Kind);
            Assert.Equal(id, answer.CorrelationId);
        }
        Assert.Equal(0, silos.B.ActivationCount);
    }

    [Fact]
    public async Task A_ping_is_answered_and_a_bad_frame_closes_the_connection()
    {
        await using var silos = await TwoSilos.StartAsync();
        await using var peer = await RawPeer.ConnectAsync(silos.B);

        await peer.SendAsync(Frame.Control(FrameKind.Ping));
        Assert.Equal(FrameKind.Pong, (await peer.ReceiveAsync()).Kind);

        await peer.SendRawAsync([0, 0, 0, 3, 1, 2, 3]);
        Assert.True(await peer.IsClosedByPeerAsync());
    }

    [Fact]
    public async Task A_peer_that_stops_answering_pings_is_disconnected()
    {
        var clockB = new ManualTimeProvider();
        await using var silos = await StartWithPingClockOnBAsync(clockB);
        await using var peer = await RawPeer.ConnectAsync(silos.B);
        for (var i = 0; i < 500 && TwoSilos.TransportOf(silos.B).Connections.Count == 0; i++)
        {
            await Task.Delay(10);
        }
        Assert.Single(TwoSilos.TransportOf(silos.B).Connections);

        // The raw peer reads B's pings but never answers them.
        for (var second = 0; second < 4; second++)
        {
            clockB.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(await peer.IsClosedByPeerAsync());
        Assert.Empty(TwoSilos.TransportOf(silos.B).Connections);
    }

    [Fact]
    public async Task A_silo_that_was_itself_stalled_does_not_take_the_gap_for_a_silent_peer()
    {
        var clockB = new ManualTimeProvider();
        // One connection, so the call below is certainly traffic on the connection checked.
        await using var silos = await StartWithPingClockOnBAsync(clockB, connectionsPerSilo: 1);
        var grain = silos.Probe(silos.A, silos.B, "stalled");
        Assert.Equal("silo-2", await grain.WhereAmI());
        var connections = TwoSilos.TransportOf(silos.B).Connections.ToList();
        Assert.NotEmpty(connections);

        // One liveness check on B, then traffic from A after it: A is plainly alive.
        clockB.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("silo-2", await grain.WhereAmI());

        // B is descheduled for ten seconds; its first check after that sees a gap on its own clock.
        clockB.Stall(TimeSpan.FromSeconds(10));

        Assert.All(connections, c => Assert.False(c.IsClosed, $"{c} was closed."));
        Assert.Equal("silo-2", await grain.WhereAmI());
    }

    /// <summary>Two silos pinging every second and closing after 3 s of silence; silo B's liveness checks run on <paramref name="clockB"/>.</summary>
    private static Task<TwoSilos> StartWithPingClockOnBAsync(ManualTimeProvider clockB, int? connectionsPerSilo = null) =>
        TwoSilos.StartAsync(
            builder => builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(
                sp => sp.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName == "silo-2" ? clockB : TimeProvider.System)),
            o =>
            {
                o.PingInterval = TimeSpan.FromSeconds(1);
                o.DeadConnectionTimeout = TimeSpan.FromSeconds(3);
                o.ConnectionsPerSilo = connectionsPerSilo ?? o.ConnectionsPerSilo;
            });

    private static (string Interface, string Method) Method(string name) =>
        new WireMethodTable().NameOf(GrainInterfaceInfo.For(typeof(IRemoteProbeGrain)).Methods.Single(m => m.Method.Name == name));

    private sealed class RawPeer : IAsyncDisposable
    {
        private readonly Socket _socket;
        private readonly PipeReader _input;

        private RawPeer(Socket socket)
        {
            _socket = socket;
            _input = PipeReader.Create(new NetworkStream(socket));
        }

        public static async Task<RawPeer> ConnectAsync(TestSilo silo)
        {
            var transport = TwoSilos.TransportOf(silo);
            var address = transport.LocalAddress;
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(address.Host, address.Port);
            // A peer that passed the handshake as any silo of the service would; what it sends next is the test.
            await TransportHandshake.DialAsync(new NetworkStream(socket), transport.HandshakeKey, transport.ServiceId, address, new SiloAddress("127.0.0.1", 1, 1), CancellationToken.None);
            return new RawPeer(socket);
        }

        public Task SendAsync(Frame frame)
        {
            var buffer = new ArrayBufferWriter<byte>();
            FrameWriter.Write(buffer, frame);
            return SendRawAsync(buffer.WrittenSpan.ToArray());
        }

        public async Task SendRawAsync(byte[] bytes) => await _socket.SendAsync(bytes);

        public async Task<Frame> ReceiveAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (true)
            {
                var result = await _input.ReadAsync(timeout.Token);
                var status = FrameParser.TryParse(result.Buffer, 1 << 20, out var frame, out var consumed, out var examined, out var rejection);
                Assert.NotEqual(FrameParseStatus.Rejected, status);
                _input.AdvanceTo(consumed, examined);
                if (status == FrameParseStatus.Complete)
                {
                    return frame;
                }
                Assert.False(result.IsCompleted, $"The silo closed the connection ({rejection}).");
            }
        }

        public async Task<bool> IsClosedByPeerAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                while (true)
                {
                    var result = await _input.ReadAsync(timeout.Token);
                    _input.AdvanceTo(result.Buffer.End);
                    if (result.IsCompleted)
                    {
                        return true;
                    }
                }
            }
            catch (IOException)
            {
                return true;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _input.CompleteAsync();
            _socket.Dispose();
        }
    }
}
