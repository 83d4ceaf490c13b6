namespace Gatehouse.Grains.Identity.Users;

/// <summary>One login session: its access and refresh token ids (lookup keys, not secrets).</summary>
public sealed record SessionEntry(string AccessTokenId, string RefreshTokenId, DateTimeOffset ExpiresAt);
