using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Identity.Tests.TwoFactor;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port, standing in for an SMS gateway: it records
/// each request and answers with <see cref="StatusCode"/>.
/// </summary>
internal sealed class SmsWebhookServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<RecordedRequest> _requests = [];

    private SmsWebhookServer(WebApplication app) => _app = app;

    public int StatusCode { get; set; } = StatusCodes.Status202Accepted;

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<SmsWebhookServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new SmsWebhookServer(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            lock (server._requests)
            {
                server._requests.Add(new RecordedRequest(
                    context.Request.Method,
                    context.Request.Path + context.Request.QueryString,
                    context.Request.ContentType,
                    context.Request.Headers.Authorization.ToString(),
                    body));
            }
            context.Response.StatusCode = server.StatusCode;
        });
        await app.StartAsync();
        server.Address = new Uri(app.Urls.Single());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record RecordedRequest(string Method, string PathAndQuery, string? ContentType, string Authorization, string Body);
}
