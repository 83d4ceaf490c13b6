using System.Text.Json;
using Gatehouse.Grains;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Microsoft.AspNetCore.Http.Features;

namespace Gatehouse.Gateway.Http.Endpoints;

/// <summary>What an endpoint handler gets: the request, who is calling, and the grains.</summary>
public sealed class RequestContext(HttpContext http, GatehouseEndpoint endpoint, Caller caller, IGrainFactory grains)
{
    /// <summary>Largest JSON body the native API reads. Bigger bodies get 413 before they are buffered.</summary>
    public const long MaxJsonBodyBytes = 1024 * 1024;

    public HttpContext Http { get; } = http;

    public GatehouseEndpoint Endpoint { get; } = endpoint;

    public Caller Caller { get; } = caller;

    public IGrainFactory Grains { get; } = grains;

    public string? SourceAddress => Http.Connection.RemoteIpAddress?.ToString();

    /// <summary>Now, from the host's <see cref="TimeProvider"/> (tests move it).</summary>
    public DateTimeOffset Now => Http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();

    public string Route(string name) =>
        Http.Request.RouteValues.TryGetValue(name, out var value) && value is string text && text.Length > 0
            ? text
            : throw new InvalidRequestException($"The route has no '{name}'.");

    /// <summary>
    /// True when the request carries a body: a Content-Length above zero, or a chunked body with no
    /// Content-Length at all, which is how System.Net.Http.Json and many streaming clients send JSON.
    /// </summary>
    public bool HasBody => Http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? Http.Request.ContentLength > 0;

    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    /// <summary>
    /// Reads a JSON body of <typeparamref name="T"/>: application/json only (415 otherwise), at most
    /// <see cref="MaxJsonBodyBytes"/> (413), well-formed and with no unknown members (400 naming the problem).
    /// </summary>
    public Task<T> ReadJsonAsync<T>() where T : class => ReadJsonAsync<T>(MaxJsonBodyBytes);

    /// <summary>As <see cref="ReadJsonAsync{T}()"/>, with a smaller limit for endpoints whose bodies are small by rule (messages).</summary>
    public async Task<T> ReadJsonAsync<T>(long maxBytes) where T : class
    {
        var request = Http.Request;
        if (!request.HasJsonContentType())
        {
            throw new UnsupportedMediaTypeException($"This endpoint reads application/json, not '{request.ContentType ?? "no content type"}'.");
        }
        if (request.ContentLength > maxBytes)
        {
            throw new PayloadTooLargeException($"The body may have at most {maxBytes} bytes.");
        }
        if (Http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, GatewayJson.Options, Http.RequestAborted)
                ?? throw new InvalidRequestException("The body is JSON null; an object was expected.");
        }
        catch (JsonException exception)
        {
            throw new InvalidRequestException($"The body is not valid JSON for this endpoint: {exception.Message}");
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new PayloadTooLargeException($"The body may have at most {maxBytes} bytes.");
        }
    }
}
