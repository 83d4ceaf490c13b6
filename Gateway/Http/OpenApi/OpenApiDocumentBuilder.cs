using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Gatehouse.Gateway.Http.Endpoints;

namespace Gatehouse.Gateway.Http.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.1 document from the endpoint catalog, with JSON Schemas exported from the
/// very request and response types the handlers use, so the document cannot drift from the code.
/// Each operation's <c>operationId</c> is the endpoint name temporary tokens refer to, and
/// <c>x-privacy</c> is its WoTKit privacy level.
/// </summary>
public static class OpenApiDocumentBuilder
{
    public static JsonObject Build(IEnumerable<GatehouseEndpoint> endpoints)
    {
        var schemas = new JsonObject();
        var paths = new JsonObject();
        foreach (var endpoint in endpoints.OrderBy(e => e.Pattern, StringComparer.Ordinal))
        {
            if (paths[endpoint.Pattern] is not JsonObject path)
            {
                path = new JsonObject();
                paths[endpoint.Pattern] = path;
            }
            path[endpoint.Method.ToLowerInvariant()] = Operation(endpoint, schemas);
        }
        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Gatehouse",
                ["version"] = "1",
                ["description"] = "Identity and device access for IoT platforms. Authentication: docs/authentication.md; permissions: docs/permissions.md.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" },
                    ["basic"] = new JsonObject { ["type"] = "http", ["scheme"] = "basic" },
                    ["accessToken"] = new JsonObject { ["type"] = "apiKey", ["in"] = "query", ["name"] = "access_token" },
                    ["rfcxUser"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-auth-user" },
                    ["rfcxToken"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-auth-token" },
                },
            },
        };
    }

    private static JsonObject Operation(GatehouseEndpoint endpoint, JsonObject schemas)
    {
        var operation = new JsonObject
        {
            ["operationId"] = endpoint.Name,
            ["summary"] = endpoint.Summary,
            ["tags"] = new JsonArray(endpoint.Surface.ToString()),
            ["x-privacy"] = endpoint.Privacy.ToString(),
        };
        if (endpoint.Permission is not null)
        {
            operation["x-permission"] = endpoint.Permission;
        }
        var parameters = new JsonArray();
        foreach (var segment in endpoint.Pattern.Split('/').Where(s => s.StartsWith('{')))
        {
            parameters.Add(new JsonObject
            {
                ["name"] = segment.Trim('{', '}'),
                ["in"] = "path",
                ["required"] = true,
                ["schema"] = new JsonObject { ["type"] = "string" },
            });
        }
        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }
        if (endpoint.RequestBody is { } requestType)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { [endpoint.RequestMediaType] = new JsonObject { ["schema"] = SchemaReference(requestType, schemas) } },
            };
        }
        var success = new JsonObject { ["description"] = "Success." };
        if (endpoint.ResponseBody is { } responseType)
        {
            success["content"] = new JsonObject { [endpoint.ResponseMediaType] = new JsonObject { ["schema"] = SchemaReference(responseType, schemas) } };
        }
        else if (endpoint.ResponseMediaType != "application/json")
        {
            success["content"] = new JsonObject { [endpoint.ResponseMediaType] = new JsonObject() };
        }
        if (endpoint.AlternateResponseMediaType is { } alternate && success["content"] is JsonObject content)
        {
            content[alternate] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } };
        }
        var responses = new JsonObject { [endpoint.SuccessStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)] = success };
        foreach (var (status, description) in ErrorStatuses(endpoint))
        {
            responses[status] = new JsonObject
            {
                ["description"] = description,
                ["content"] = new JsonObject { [endpoint.ErrorMediaType] = new JsonObject() },
            };
        }
        operation["responses"] = responses;
        if (endpoint.Privacy != EndpointPrivacy.Public)
        {
            operation["security"] = new JsonArray(
                new JsonObject { ["bearer"] = new JsonArray() },
                new JsonObject { ["basic"] = new JsonArray() },
                new JsonObject { ["accessToken"] = new JsonArray() },
                new JsonObject { ["rfcxUser"] = new JsonArray(), ["rfcxToken"] = new JsonArray() });
        }
        return operation;
    }

    private static IEnumerable<(string Status, string Description)> ErrorStatuses(GatehouseEndpoint endpoint)
    {
        yield return ("400", "Malformed request or conflicting credentials.");
        yield return ("401", "Missing, invalid, revoked or expired credentials.");
        if (endpoint.Privacy != EndpointPrivacy.Public)
        {
            yield return ("403", "Authenticated, but not permitted.");
        }
        yield return ("429", "Too many failed attempts; see Retry-After.");
    }

    private static JsonObject SchemaReference(Type type, JsonObject schemas)
    {
        if (type.IsArray)
        {
            return new JsonObject { ["type"] = "array", ["items"] = SchemaReference(type.GetElementType()!, schemas) };
        }
        var name = type.Name;
        if (!schemas.ContainsKey(name))
        {
            schemas[name] = GatewayJson.Options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });
        }
        return new JsonObject { ["$ref"] = $"#/components/schemas/{name}" };
    }
}
