using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Identity;

/// <summary>
/// One API key of any of the five kinds, keyed by its public id. Owns the secret's digest, scopes,
/// expiry, revocation and usage figures. Keys are created by their owner's grain, which decides
/// whether the caller may create them.
/// </summary>
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Silo-internal: stores a key an owner's grain authorized.</summary>
    Task<ApiKeyView> InitializeAsync(ApiKeyRecord record);

    /// <summary>Checks the secret, then asks the owner who it is now, narrowed to the key's scopes.</summary>
    [ReadOnly]
    Task<AuthenticationResult> AuthenticateAsync(string secret, string? clientCertificate = null);

    [ReadOnly]
    Task<ApiKeyView> GetAsync(Caller caller);

    /// <summary>The owner, an administrator of the owner's account, or a system administrator may revoke.</summary>
    Task RevokeAsync(Caller caller);

    /// <summary>Silo-internal: the owner's grain revokes (owner deleted, application keys rotated).</summary>
    Task RevokeByOwnerAsync(string reason);

    /// <summary>Silo-internal: tells <paramref name="observer"/> when this key is revoked, or renews its watch (see <see cref="IAccessTokenGrain.WatchAsync"/>).</summary>
    Task<CredentialWatch> WatchAsync(ICredentialObserver observer);

    Task UnwatchAsync(ICredentialObserver observer);
}
