namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// A client the user authorized that still holds tokens: what it was granted, how many sessions
/// (access and refresh token pairs) it holds, and when the last of them lapses unless refreshed.
/// </summary>
public sealed record ClientAuthorizationView(string ClientId, string ClientName, string Scope, int Sessions, DateTimeOffset ExpiresAt);
