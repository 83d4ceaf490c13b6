using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gatehouse.Gateway.Http.Endpoints;

/// <summary>The JSON conventions of the native API: camelCase names and enum values, nulls omitted.</summary>
public static class GatewayJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>
    /// Enum values as camelCase strings and nulls omitted. Also applied to ASP.NET's
    /// <c>HttpJsonOptions</c>, which <c>Results.Ok</c> and <c>Results.Created</c> write with, so
    /// responses look like the schemas <c>/openapi.json</c> builds from <see cref="Options"/>
    /// (and an enum read as <c>"user"</c> is not answered as <c>0</c>).
    /// </summary>
    public static void ApplyResponseConventions(JsonSerializerOptions options)
    {
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
