namespace Gatehouse.Gateway.Http.Endpoints;

/// <summary>
/// One HTTP endpoint, described once: the route table, the OpenAPI document and the
/// authorization-matrix test are all built from these descriptors.
/// </summary>
/// <param name="Name">Stable name, like <c>users.get</c>; temporary tokens list these names.</param>
/// <param name="RequestBody">The JSON body type, for OpenAPI; null when there is none.</param>
/// <param name="ResponseBody">The success body type, for OpenAPI; null when there is none.</param>
/// <param name="Authentication">Whether the pipeline resolves the request's credential (almost always) or the handler authenticates itself (OAuth2).</param>
/// <param name="RequestMediaType">The body's media type, for OpenAPI: JSON, or a form for the OAuth2 endpoints.</param>
/// <param name="ResponseMediaType">The success body's media type, for OpenAPI.</param>
/// <param name="AlternateResponseMediaType">A second success media type the endpoint answers on request (text/csv for the data endpoints), for OpenAPI.</param>
/// <param name="ErrorMediaType">How errors are written, for OpenAPI: problem details, except where a protocol says otherwise (RFC 6749 §5.2 JSON, an HTML page).</param>
public sealed record GatehouseEndpoint(
    string Name,
    string Method,
    string Pattern,
    EndpointPrivacy Privacy,
    ApiSurface Surface,
    string Summary,
    Func<RequestContext, Task<IResult>> Handler,
    Type? RequestBody = null,
    Type? ResponseBody = null,
    int SuccessStatus = StatusCodes.Status200OK,
    string? Permission = null,
    EndpointAuthentication Authentication = EndpointAuthentication.Pipeline,
    string RequestMediaType = "application/json",
    string ResponseMediaType = "application/json",
    string ErrorMediaType = "application/problem+json",
    string? AlternateResponseMediaType = null);
