namespace Gatehouse.Grains.Identity;

/// <summary>
/// A refresh token just redeemed: whose it was, and what its replacement must keep. The new pair
/// carries the same scope, client and grant, so refreshing never widens a session and tokens
/// refreshed from an authorization code are still found when that code is replayed.
/// </summary>
public sealed record RedeemedRefresh(Subject Subject, string Scope, string? ClientId, string? GrantId);
