using System.Text.Json.Nodes;
using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.OpenApi;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Meta;

/// <summary>What the API says about itself: its OpenAPI document and its permission vocabulary.</summary>
public static class MetaEndpoints
{
    private static readonly Lazy<string> Document = new(() => OpenApiDocumentBuilder.Build(EndpointCatalog.All).ToJsonString());

    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("openapi", "GET", "/openapi.json", EndpointPrivacy.Public, ApiSurface.Native,
            "This API's OpenAPI 3.1 document.",
            _ => Task.FromResult(Results.Text(Document.Value, "application/json"))),
        new("permissions.list", "GET", "/v1/permissions", EndpointPrivacy.Public, ApiSurface.Native,
            "The permission vocabulary: every name a role, scope or grant may hold.",
            _ => Task.FromResult(Results.Ok(Permissions.All.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new { name = p.Key, description = p.Value }))),
            ResponseBody: typeof(JsonArray)),
    ];
}
