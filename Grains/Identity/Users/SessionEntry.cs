namespace Gatehouse.Grains.Identity.Users;

/// <summary>
/// One session: its access and refresh token ids (lookup keys, not secrets). Sessions issued to
/// an OAuth2 client also name the client, the scope it was granted and the authorization code
/// (grant) they descend from, so a replayed code can revoke them and a user can see what each
/// client holds.
/// </summary>
public sealed record SessionEntry(
    string AccessTokenId,
    string RefreshTokenId,
    DateTimeOffset ExpiresAt,
    string? ClientId = null,
    string? Scope = null,
    string? GrantId = null);
