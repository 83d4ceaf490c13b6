using System.Net;
using System.Net.Sockets;
using Gatehouse.Runtime.Placement;
using Microsoft.Extensions.Options;

namespace Gatehouse.Runtime.Transport;

/// <summary>
/// The silo's listening socket. It binds when first asked for the silo's address (membership
/// needs the real port, which with port 0 is only known after binding), so the address a silo
/// advertises is always one it listens on.
/// </summary>
internal sealed class TransportListener(IOptions<TransportOptions> options, TimeProvider timeProvider) : IDisposable
{
    private readonly Lock _lock = new();
    private Socket? _socket;
    private SiloAddress? _address;

    public SiloAddress LocalAddress
    {
        get
        {
            Bind();
            return _address!;
        }
    }

    public Socket Socket
    {
        get
        {
            Bind();
            return _socket!;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _socket?.Dispose();
        }
    }

    private void Bind()
    {
        lock (_lock)
        {
            if (_socket is not null)
            {
                return;
            }
            var value = options.Value;
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(value.ListenAddress), value.ListenPort));
                socket.Listen(512);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            _address = new SiloAddress(value.AdvertisedHost ?? value.ListenAddress, port, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            _socket = socket;
        }
    }
}
