using System.Text.Json.Nodes;
using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.OpenApi;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// <c>GET /openapi.json</c> is built from the endpoint catalog on first request; a type whose
/// schema cannot be exported turns it into a bare 500, so every catalog type is exported here.
/// </summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public void Document_DescribesEveryEndpoint_WithItsNameAsOperationId()
    {
        var document = OpenApiDocumentBuilder.Build(EndpointCatalog.All);

        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (Path: path.Key, Method: operation.Key, Body: operation.Value!.AsObject())))
            .ToList();
        foreach (var endpoint in EndpointCatalog.All)
        {
            var found = operations.Where(o => o.Path == endpoint.Pattern && o.Method == endpoint.Method.ToLowerInvariant()).ToList();
            Assert.True(found.Count == 1, $"{endpoint.Method} {endpoint.Pattern} ({endpoint.Name}) is in the document {found.Count} times.");
            var operation = found[0].Body;
            Assert.Equal(endpoint.Name, (string?)operation["operationId"]);
            Assert.Equal(endpoint.Privacy.ToString(), (string?)operation["x-privacy"]);
            Assert.Equal(endpoint.Permission, (string?)operation["x-permission"]);
        }
        Assert.Equal(EndpointCatalog.All.Count, operations.Count);

        // Every $ref resolves to a schema the document carries.
        var schemas = document["components"]!["schemas"]!.AsObject();
        var references = Descendants(document).OfType<JsonObject>()
            .Select(node => (string?)node["$ref"]).OfType<string>()
            .Where(reference => reference.StartsWith("#/components/schemas/", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.True(schemas.ContainsKey(reference["#/components/schemas/".Length..]), $"{reference} does not resolve."));
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }
}
