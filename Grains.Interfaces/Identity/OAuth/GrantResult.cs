namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// The outcome of a grant at the token endpoint: tokens, or an RFC 6749 §5.2 error code
/// (<c>invalid_grant</c>, <c>invalid_scope</c>, …) with a description for the client's developer.
/// </summary>
public sealed record GrantResult(TokenPair? Tokens, string? UserId, string? Error = null, string? ErrorDescription = null)
{
    public static GrantResult Success(TokenPair tokens, string userId) => new(tokens, userId);

    public static GrantResult Fail(string error, string description) => new(null, null, error, description);

    public static GrantResult InvalidGrant(string description) => Fail("invalid_grant", description);
}
