using System.Net;
using System.Net.Http.Json;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Lockout;

/// <summary>
/// Behind a load balancer every request comes from the balancer's address. The per-address login
/// throttle must then key on the client's address from <c>X-Forwarded-For</c>, but only when the
/// request comes from a proxy the operator listed (<c>Gatehouse:Gateway:KnownProxies</c>):
/// otherwise a client could pick any address and never be throttled. The test's requests come
/// from 127.0.0.1, which plays the load balancer.
/// </summary>
public sealed class ForwardedClientAddressTests
{
    private const string CarolPassword = "carol-password-0123";

    private static readonly Dictionary<string, string?> ThreeFailuresBlock = new()
    {
        ["Gatehouse:Identity:SourceAddressMaxFailures"] = "3",
    };

    [Fact]
    public async Task FromAKnownProxy_TheForwardedAddressIsThrottled_AndOtherClientsBehindItAreNot()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false, new Dictionary<string, string?>(ThreeFailuresBlock)
        {
            ["Gatehouse:Gateway:KnownProxies:0"] = "127.0.0.1",
        });
        using var api = new IdentityApi(host);
        await api.CreateUserAsync("carol", CarolPassword);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(host, "carol", "wrong-password", forwardedFor: "203.0.113.7"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginAsync(host, "carol", CarolPassword, forwardedFor: "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await LoginAsync(host, "carol", CarolPassword, forwardedFor: "198.51.100.9"));
        // A client's own X-Forwarded-For entries come before the proxy's: only the last one counts.
        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginAsync(host, "carol", CarolPassword, forwardedFor: "198.51.100.9, 203.0.113.7"));
    }

    [Fact]
    public async Task WithoutKnownProxies_XForwardedForIsIgnored()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false, new Dictionary<string, string?>(ThreeFailuresBlock));
        using var api = new IdentityApi(host);
        await api.CreateUserAsync("carol", CarolPassword);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(host, "carol", "wrong-password", forwardedFor: $"203.0.113.{i}"));
        }

        // Every failure counted against 127.0.0.1, whatever the header claimed.
        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginAsync(host, "carol", CarolPassword, forwardedFor: "198.51.100.9"));
    }

    [Fact]
    public async Task AKnownProxyThatIsNotAnAddress_StopsTheGatewayAtStartUp()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayHost.StartAsync(sqlite: false, new Dictionary<string, string?>
        {
            ["Gatehouse:Gateway:KnownProxies:0"] = "haproxy.internal",
        }));
        Assert.Contains("Gatehouse:Gateway:KnownProxies:0", failure.Message, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> LoginAsync(GatewayHost host, string username, string password, string forwardedFor)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/login") { Content = JsonContent.Create(new { username, password }) };
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
