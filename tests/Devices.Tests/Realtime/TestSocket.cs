using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Devices.Tests.Realtime;

/// <summary>A WebSocket client for the tests: JSON frames in and out, every wait bounded.</summary>
internal sealed class TestSocket : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private readonly ClientWebSocket _socket;

    private TestSocket(ClientWebSocket socket) => _socket = socket;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseReason => _socket.CloseStatusDescription;

    public static async Task<TestSocket> ConnectAsync(GatewayHost host, string path, string? bearer = null)
    {
        var socket = new ClientWebSocket();
        if (bearer is not null)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {bearer}");
        }
        var uri = new UriBuilder(host.BaseAddress) { Scheme = "ws" };
        var query = path.Split('?', 2);
        uri.Path = query[0];
        uri.Query = query.Length > 1 ? query[1] : "";
        using var timeout = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(uri.Uri, timeout.Token);
        return new TestSocket(socket);
    }

    /// <summary>
    /// A wss:// connection to the secure endpoint: trusts only <paramref name="server"/> and offers
    /// <paramref name="certificate"/> (none when null) in the TLS handshake of the upgrade.
    /// </summary>
    public static async Task<TestSocket> ConnectSecureAsync(Uri secureAddress, string path,
        System.Security.Cryptography.X509Certificates.X509Certificate2 server, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == server.GetCertHashString();
        if (certificate is not null)
        {
            socket.Options.ClientCertificates.Add(certificate);
        }
        // HTTP/1.1: the upgrade is what carries the certificate (the seed's "WebSocket /websocket" call).
        socket.Options.HttpVersion = System.Net.HttpVersion.Version11;
        var uri = new UriBuilder(secureAddress) { Scheme = "wss", Path = path };
        using var timeout = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(uri.Uri, timeout.Token);
        return new TestSocket(socket);
    }

    public Task SendAsync(object frame) => SendTextAsync(JsonSerializer.Serialize(frame));

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Wait);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    public async Task SendBinaryAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(Wait);
        await _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, timeout.Token);
    }

    /// <summary>The next JSON frame, skipping pings; null when the server closed the socket.</summary>
    public async Task<JsonElement?> ReceiveAsync()
    {
        while (true)
        {
            var text = await ReceiveTextAsync();
            if (text is null)
            {
                return null;
            }
            var frame = JsonDocument.Parse(text).RootElement.Clone();
            if (frame.TryGetProperty("type", out var type) && type.GetString() == "ping")
            {
                continue;
            }
            return frame;
        }
    }

    /// <summary>Reads until the server's close and returns its status; fails if a frame other than those allowed comes first.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Reason, List<JsonElement> Frames)> ReceiveCloseAsync()
    {
        var frames = new List<JsonElement>();
        while (await ReceiveAsync() is { } frame)
        {
            frames.Add(frame);
        }
        return (_socket.CloseStatus, _socket.CloseStatusDescription, frames);
    }

    private async Task<string?> ReceiveTextAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
                }
                return null;
            }
            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(text.ToArray());
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(Wait);
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception)
            {
                // The test is over either way.
            }
        }
        _socket.Dispose();
    }
}
