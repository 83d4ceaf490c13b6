using System.Text.Json;
using Gatehouse.Gateway.Http.OAuth.Contracts;

namespace Gatehouse.Gateway.Http.OAuth;

/// <summary>
/// A token endpoint answer (RFC 6749 §5.1, §5.2): JSON with the RFC's snake_case names, never
/// cached (<c>Cache-Control: no-store</c>, <c>Pragma: no-cache</c>), and for a failed client
/// authentication 401 with a Basic challenge, since clients may authenticate with Basic (§5.2).
/// </summary>
public sealed class OAuthJsonResult : IResult
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private readonly int _status;
    private readonly object _body;
    private readonly Type _type;

    private OAuthJsonResult(int status, object body, Type type)
    {
        _status = status;
        _body = body;
        _type = type;
    }

    public static OAuthJsonResult Tokens(OAuthTokenResponse response) => new(StatusCodes.Status200OK, response, typeof(OAuthTokenResponse));

    /// <summary>400 with an RFC 6749 §5.2 error; <c>invalid_client</c> is 401.</summary>
    public static OAuthJsonResult Error(string error, string description) =>
        new(error == "invalid_client" ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest,
            new OAuthErrorResponse(error, description), typeof(OAuthErrorResponse));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = _status;
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        if (_status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Basic realm=\"gatehouse\", charset=\"UTF-8\"";
        }
        return response.WriteAsJsonAsync(_body, _type, Json, "application/json;charset=UTF-8");
    }
}
