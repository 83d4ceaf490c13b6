using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Gateway.Realtime;

/// <summary>The grain that announces a caller's credential's revocation, as watch and unwatch calls.</summary>
internal sealed record WatchedCredential(Func<ICredentialObserver, Task<CredentialWatch>> Watch, Func<ICredentialObserver, Task> Unwatch)
{
    /// <summary>Tokens and keys; null for credentials no grain can announce (passwords, anonymous), which re-authentication covers.</summary>
    public static WatchedCredential? For(IGrainFactory grains, Caller caller) => caller switch
    {
        { Credential: CredentialKind.AccessToken, CredentialId: { } id } => new WatchedCredential(
            o => grains.GetGrain<IAccessTokenGrain>(id).WatchAsync(o), o => grains.GetGrain<IAccessTokenGrain>(id).UnwatchAsync(o)),
        { Credential: CredentialKind.ApiKey, CredentialId: { } id } => new WatchedCredential(
            o => grains.GetGrain<IApiKeyGrain>(id).WatchAsync(o), o => grains.GetGrain<IApiKeyGrain>(id).UnwatchAsync(o)),
        _ => null,
    };
}
