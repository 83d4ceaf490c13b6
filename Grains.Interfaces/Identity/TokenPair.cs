namespace Gatehouse.Grains.Identity;

/// <summary>What a login returns: an access token, a refresh token, and their lifetimes.</summary>
public sealed record TokenPair(IssuedToken Access, IssuedToken Refresh, string Scope);
