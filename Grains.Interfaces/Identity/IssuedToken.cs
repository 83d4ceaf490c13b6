namespace Gatehouse.Grains.Identity;

/// <summary>A token shown once, at issue. Only its digest is stored.</summary>
public sealed record IssuedToken(string Token, string TokenId, DateTimeOffset ExpiresAt);
