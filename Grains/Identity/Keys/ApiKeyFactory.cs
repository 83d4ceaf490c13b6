using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Identity.Keys;

/// <summary>
/// Creates a key for an owner whose grain has already decided the caller may ask for one. Checks
/// what the key may hold: its scopes must be within the creator's own authority, unless the
/// creator holds <c>keys:elevate</c> and asks for an elevated key (IoT Open's higher-authority API users).
/// </summary>
public static class ApiKeyFactory
{
    public static async Task<CreatedApiKey> CreateAsync(
        IGrainFactory grains, TimeProvider time, Caller creator, ApiKeyKind kind, Subject owner, string? accountId, ApiKeySpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name.Length > 200)
        {
            throw new InvalidRequestException("A key needs a name of 1 to 200 characters.");
        }
        var now = time.GetUtcNow();
        if (spec.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            throw new InvalidRequestException("A key's expiry must be in the future.");
        }
        PermissionSet? scopes = spec.Scopes.IsDefaultOrEmpty ? null : PermissionSet.Of(spec.Scopes);
        if (spec.Elevated)
        {
            creator.Require(Permissions.KeysElevate);
            if (scopes is null)
            {
                throw new InvalidRequestException("An elevated key must list its scopes.");
            }
        }
        else if (scopes is not null && !creator.IsSystemAdmin && !creator.Permissions.Covers(scopes))
        {
            throw new AccessDeniedException("A key cannot hold permissions its creator does not have. Ask for an elevated key.");
        }

        var secret = SecretGenerator.NewToken();
        var keyId = ApiKeyId.Prefix + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        var record = new ApiKeyRecord(kind, spec.Name.Trim(), owner, accountId, scopes, spec.Elevated, SecretDigest.Compute(secret), now, spec.ExpiresAt, creator.Describe(), Audit.AuditActor.From(creator));
        var view = await grains.GetGrain<IApiKeyGrain>(keyId).InitializeAsync(record);
        return new CreatedApiKey(view, secret);
    }
}
