using System.Text.Json.Serialization;

namespace Gatehouse.Gateway.Http.OAuth.Contracts;

/// <summary>
/// RFC 6749 §5.1, in exactly WoTKit's shape and order:
/// <c>{"access_token":…,"token_type":"bearer","refresh_token":…,"expires_in":43199,"scope":"all"}</c>.
/// <see cref="ExpiresIn"/> counts whole seconds left at the moment of the response.
/// </summary>
public sealed record OAuthTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope);
