using System.Text.Json.Serialization;

namespace Gatehouse.Gateway.Http.OAuth.Contracts;

/// <summary>RFC 6749 §5.2: an error code from the RFC's list, and words for the client's developer (never a secret).</summary>
public sealed record OAuthErrorResponse(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);
