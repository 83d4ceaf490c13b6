using System.Text.Json.Serialization;

namespace Gatehouse.Gateway.Http.OAuth.Contracts;

/// <summary>
/// The fields of a token request (RFC 6749 §4.1.3, §4.3.2, §6), as the
/// <c>application/x-www-form-urlencoded</c> body of POST /api/oauth/token carries them. Which are
/// required depends on <see cref="GrantType"/>. The client authenticates with
/// <see cref="ClientId"/> and <see cref="ClientSecret"/> here, or with HTTP Basic, not both.
/// </summary>
public sealed record OAuthTokenRequest(
    [property: JsonPropertyName("grant_type")] string GrantType,
    [property: JsonPropertyName("client_id")] string? ClientId = null,
    [property: JsonPropertyName("client_secret")] string? ClientSecret = null,
    [property: JsonPropertyName("code")] string? Code = null,
    [property: JsonPropertyName("redirect_uri")] string? RedirectUri = null,
    [property: JsonPropertyName("code_verifier")] string? CodeVerifier = null,
    [property: JsonPropertyName("username")] string? Username = null,
    [property: JsonPropertyName("password")] string? Password = null,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken = null,
    [property: JsonPropertyName("scope")] string? Scope = null);
