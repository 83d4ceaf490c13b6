namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>A new session. TokenType is always "bearer"; ExpiresIn is in seconds (RFC 6749 §5.1).</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, long ExpiresIn, string RefreshToken, string Scope, string UserId);
