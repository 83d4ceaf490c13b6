using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gatehouse.Gateway.Http.Endpoints;

/// <summary>The JSON conventions of the native API: camelCase names and enum values, nulls omitted.</summary>
public static class GatewayJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>
    /// What clients see in every response: camelCase names, camelCase enum strings, nulls omitted.
    /// The gateway applies this to ASP.NET's HTTP JSON options, which <c>Results.Ok</c>,
    /// <c>Results.Created</c> and problem details write with; without it, responses carried enums as
    /// numbers and nulls, unlike the OpenAPI document (exported from <see cref="Options"/>).
    /// Only the output conventions: the strict reading rules of <see cref="Options"/> would turn a
    /// grain's unexpected null into a 500 halfway through a response.
    /// </summary>
    public static void ApplyResponseConventions(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowTrailingCommas = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            // Missing or null required members are a 400 naming the member, not a null deep in a grain.
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        ApplyResponseConventions(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
