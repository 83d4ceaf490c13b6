namespace Gatehouse.Gateway.Http.Endpoints;

/// <summary>
/// One HTTP endpoint, described once: the route table, the OpenAPI document and the
/// authorization-matrix test are all built from these descriptors.
/// </summary>
/// <param name="Name">Stable name, like <c>users.get</c>; temporary tokens list these names.</param>
/// <param name="RequestBody">The JSON body type, for OpenAPI; null when there is none.</param>
/// <param name="ResponseBody">The success body type, for OpenAPI; null when there is none.</param>
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
    string? Permission = null);
