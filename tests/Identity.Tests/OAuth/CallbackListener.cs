using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Identity.Tests.OAuth;

/// <summary>
/// A client application's redirect endpoint on a loopback port (RFC 8252 §7.3): a tiny Kestrel
/// app that answers <c>GET /callback</c> with a page and records the query it was sent, so a
/// browser test sees exactly what arrived at the client.
/// </summary>
public sealed class CallbackListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource<IQueryCollection> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CallbackListener(WebApplication app, string redirectUri)
    {
        _app = app;
        RedirectUri = redirectUri;
    }

    public string RedirectUri { get; }

    public static async Task<CallbackListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        CallbackListener? listener = null;
        app.MapGet("/callback", (HttpContext http) =>
        {
            listener!._received.TrySetResult(http.Request.Query);
            return Results.Content("<!DOCTYPE html><title>Signed in</title><p id=\"done\">The application received the answer.</p>", "text/html");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        listener = new CallbackListener(app, address.TrimEnd('/') + "/callback");
        return listener;
    }

    /// <summary>Whether a request reached the callback within <paramref name="timeout"/>.</summary>
    public async Task<bool> TryReceiveAsync(TimeSpan timeout) =>
        await Task.WhenAny(_received.Task, Task.Delay(timeout)) == _received.Task;

    /// <summary>The query of the first request to the callback, once <see cref="TryReceiveAsync"/> said one came.</summary>
    public IQueryCollection Received =>
        _received.Task.IsCompletedSuccessfully ? _received.Task.Result : throw new InvalidOperationException($"Nothing has arrived at {RedirectUri} yet.");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
