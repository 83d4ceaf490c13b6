using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Identity.Tokens;

/// <summary>Makes new tokens: a random secret returned once, and a token grain holding its digest.</summary>
public static class TokenIssuer
{
    public static async Task<IssuedToken> IssueAsync(
        IGrainFactory grains, TokenKind kind, Subject subject, DateTimeOffset now, TimeSpan lifetime, string scope,
        string? pairedTokenId = null, string? clientId = null)
    {
        var secret = SecretGenerator.NewToken();
        var digest = SecretDigest.Compute(secret);
        var id = SecretDigest.LookupKey(digest);
        var expiresAt = now + lifetime;
        await grains.GetGrain<IAccessTokenGrain>(id).IssueAsync(new TokenRecord(kind, subject, digest, now, expiresAt, scope, pairedTokenId, clientId));
        return new IssuedToken(secret, id, expiresAt);
    }

    /// <summary>An access token and a refresh token that revoke each other.</summary>
    public static async Task<TokenPair> IssuePairAsync(
        IGrainFactory grains, Subject subject, DateTimeOffset now, IdentityOptions options, string scope, string? clientId = null, string? grantId = null)
    {
        // Pairing needs each id before the other is stored, so draw both secrets first.
        var accessSecret = SecretGenerator.NewToken();
        var refreshSecret = SecretGenerator.NewToken();
        var accessDigest = SecretDigest.Compute(accessSecret);
        var refreshDigest = SecretDigest.Compute(refreshSecret);
        var accessId = SecretDigest.LookupKey(accessDigest);
        var refreshId = SecretDigest.LookupKey(refreshDigest);
        var access = new TokenRecord(TokenKind.Access, subject, accessDigest, now, now + options.AccessTokenLifetime, scope, refreshId, clientId, grantId);
        var refresh = new TokenRecord(TokenKind.Refresh, subject, refreshDigest, now, now + options.RefreshTokenLifetime, scope, accessId, clientId, grantId);
        await Task.WhenAll(
            grains.GetGrain<IAccessTokenGrain>(accessId).IssueAsync(access),
            grains.GetGrain<IAccessTokenGrain>(refreshId).IssueAsync(refresh));
        return new TokenPair(new IssuedToken(accessSecret, accessId, access.ExpiresAt), new IssuedToken(refreshSecret, refreshId, refresh.ExpiresAt), scope);
    }
}
