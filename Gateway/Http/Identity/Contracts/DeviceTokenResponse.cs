namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>A device access token, shown once.</summary>
public sealed record DeviceTokenResponse(string Token, string TokenId, DateTimeOffset ExpiresAt);
