using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>
/// The pipeline's per-surface answer to an unauthenticated call of a private or admin method:
/// WoTKit documents 403, every other surface answers 401. No WoTKit endpoint exists yet, so the
/// test runs the gateway's own <see cref="EndpointPipeline"/> on descriptors made here, without
/// mapping them into the route table (which production code builds from the catalog alone).
/// </summary>
public sealed class SurfacePrivacyTests
{
    [Theory]
    [InlineData(ApiSurface.WoTKit, EndpointPrivacy.Private, 403)]
    [InlineData(ApiSurface.WoTKit, EndpointPrivacy.Admin, 403)]
    [InlineData(ApiSurface.Native, EndpointPrivacy.Private, 401)]
    [InlineData(ApiSurface.Native, EndpointPrivacy.Admin, 401)]
    [InlineData(ApiSurface.Rfcx, EndpointPrivacy.Private, 401)]
    public async Task AnonymousCallOfAPrivateMethod_GetsTheSurfacesStatus_AndNeverReachesTheHandler(ApiSurface surface, EndpointPrivacy privacy, int expected)
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        var pipeline = host.Services.GetRequiredService<EndpointPipeline>();
        var reached = false;
        var endpoint = new GatehouseEndpoint("test.private", "GET", "/test/private", privacy, surface, "A method only for tests.",
            _ =>
            {
                reached = true;
                return Task.FromResult(Results.Ok());
            });
        var http = new DefaultHttpContext { RequestServices = host.Services };
        http.Request.Method = "GET";
        http.Request.Path = "/test/private";
        http.Response.Body = new MemoryStream();

        await pipeline.InvokeAsync(http, endpoint);

        Assert.Equal(expected, http.Response.StatusCode);
        Assert.False(reached, "The handler ran for an anonymous caller.");
    }

    /// <summary>The same descriptor as a public method does reach its handler, so the refusals above are the privacy rule's.</summary>
    [Fact]
    public async Task AnonymousCallOfAPublicWoTKitMethod_ReachesTheHandler()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        var pipeline = host.Services.GetRequiredService<EndpointPipeline>();
        var endpoint = new GatehouseEndpoint("test.public", "GET", "/test/public", EndpointPrivacy.Public, ApiSurface.WoTKit, "A method only for tests.",
            _ => Task.FromResult(Results.StatusCode(StatusCodes.Status202Accepted)));
        var http = new DefaultHttpContext { RequestServices = host.Services };
        http.Request.Method = "GET";
        http.Request.Path = "/test/public";
        http.Response.Body = new MemoryStream();

        await pipeline.InvokeAsync(http, endpoint);

        Assert.Equal(StatusCodes.Status202Accepted, http.Response.StatusCode);
    }
}
