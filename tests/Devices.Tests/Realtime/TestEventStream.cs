using System.Net.Http.Headers;
using System.Net.Sockets;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Devices.Tests.Realtime;

/// <summary>A server-sent-events client for the tests: one event at a time, every wait bounded.</summary>
internal sealed class TestEventStream : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private TestEventStream(HttpClient client, HttpResponseMessage response, StreamReader reader)
    {
        _client = client;
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    /// <param name="smallReceiveBuffer">
    /// A fixed 64 KiB socket receive buffer (which also turns off Linux's autotuning, up to 32 MiB
    /// here), so a client that does not read stops taking data after a known amount.
    /// </param>
    public static async Task<TestEventStream> OpenAsync(GatewayHost host, string path, string bearer, bool smallReceiveBuffer = false)
    {
        var handler = new SocketsHttpHandler();
        if (smallReceiveBuffer)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 64 * 1024 };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        var client = new HttpClient(handler) { BaseAddress = host.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var timeout = new CancellationTokenSource(TestSocket.Wait);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        return new TestEventStream(client, response, reader);
    }

    /// <summary>The next raw line, empty separator lines skipped; null at the end of the stream.</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(TestSocket.Wait);
        while (await _reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length > 0)
            {
                return line;
            }
        }
        return null;
    }

    /// <summary>The next event (comments skipped); null at the end of the stream.</summary>
    public async Task<ServerSentEvent?> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(TestSocket.Wait);
        string? name = null, id = null;
        var data = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                return null;
            }
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    return new ServerSentEvent(name, id, string.Join('\n', data));
                }
                continue;
            }
            if (line.StartsWith(':'))
            {
                continue;
            }
            if (line.StartsWith("event: "))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("id: "))
            {
                id = line["id: ".Length..];
            }
            else if (line.StartsWith("data: "))
            {
                data.Add(line["data: ".Length..]);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _client.Dispose();
        await Task.CompletedTask;
    }
}

internal sealed record ServerSentEvent(string? Event, string? Id, string Data)
{
    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Data).RootElement.Clone();
}
