using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Gatehouse.Gateway.Hosting;

/// <summary>
/// Takes the client's address from <c>X-Forwarded-For</c> on requests from a known proxy
/// (<see cref="GatewayOptions.KnownProxies"/>), and from nowhere else.
/// </summary>
internal static class ForwardedClientAddress
{
    /// <exception cref="InvalidOperationException">An entry of KnownProxies is not an IP address.</exception>
    public static void Use(WebApplication app, GatewayOptions options)
    {
        if (options.KnownProxies.Count == 0)
        {
            return;
        }
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor,
            // Only the entry the trusted proxy appended: anything left of it came from the client.
            ForwardLimit = 1,
        };
        // ASP.NET trusts loopback by default; only what the operator listed counts here.
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out var address))
            {
                throw new InvalidOperationException(
                    $"{GatewayOptions.SectionName}:KnownProxies:{i} is '{options.KnownProxies[i]}', which is not an IP address.");
            }
            forwarded.KnownProxies.Add(address);
        }
        app.UseForwardedHeaders(forwarded);
    }
}
