using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// <c>GET /metrics</c>: the <see cref="MetricsCollector"/>'s figures in the Prometheus text
/// format 0.0.4, for both executables. Outside the API: no credential, not in the OpenAPI
/// description, not rate limited, like the health probes. Nothing in it is secret: labels are
/// outcome, location, store, provider type, operation and HTTP status class, never a URL, key or
/// grain id.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>Maps <see cref="Path"/> as <see cref="MetricsEndpointOptions"/> (from <paramref name="configuration"/>) says.</summary>
    public static IEndpointRouteBuilder MapGatehouseMetrics(this IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(MetricsEndpointOptions.SectionName).Get<MetricsEndpointOptions>() ?? new MetricsEndpointOptions();
        if (!options.Enabled)
        {
            return endpoints;
        }
        var port = options.Port;
        endpoints.MapGet(Path, (HttpContext context) => ServeAsync(context, port)).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task ServeAsync(HttpContext context, int? port)
    {
        if (port is { } only && context.Connection.LocalPort != only)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var collector = context.RequestServices.GetRequiredService<MetricsCollector>();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = MetricsCollector.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        await collector.WriteAsync(context.Response.Body, context.RequestAborted);
    }
}
