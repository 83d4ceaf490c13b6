using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Registration;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Microsoft.Extensions.Options;

namespace Gatehouse.Gateway.Http.Authentication;

/// <summary>
/// Asks a presented credential's own grain who the caller is. Nothing is cached here: every
/// request reaches the token or key grain, so a revocation applies to the very next request.
/// </summary>
public sealed class CallerResolver(IGrainFactory grains, IOptions<PasswordHashingOptions> passwordOptions)
{
    // Compared against when a Basic username does not exist, so an unknown name costs the same
    // KDF time as a wrong password and response times do not reveal which names exist.
    private readonly Lazy<string> _decoyHash = new(() => PasswordHasher.Hash(SecretGenerator.NewToken(), passwordOptions.Value.Iterations));

    /// <summary>Costs what checking a real password costs, for requests naming a user who does not exist.</summary>
    private void SpendDecoyKdf(string password) => _ = PasswordHasher.Verify(password, _decoyHash.Value);

    /// <summary>
    /// A login or Basic request naming a user who does not exist, answered as a wrong password is:
    /// refused with the wait when the source address is throttled, otherwise the decoy KDF and a
    /// failure counted against the address. Password spraying lists are full of names that do not
    /// exist; those guesses must count, and a throttled address must not get 429 for real names
    /// but 401 for unknown ones, which would tell which usernames exist.
    /// </summary>
    public async Task<AuthenticationResult> FailUnknownUserAsync(string password, string? sourceAddress)
    {
        var throttle = sourceAddress is null ? null : grains.GetGrain<ISourceAddressThrottleGrain>(sourceAddress);
        if (throttle is not null && await throttle.GetRetryAfterAsync() is { } wait)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.LockedOut, wait);
        }
        SpendDecoyKdf(password);
        if (throttle is not null)
        {
            await throttle.RecordFailureAsync();
        }
        return AuthenticationResult.Fail(AuthenticationFailure.UnknownCredential);
    }

    /// <param name="clientCertificate">
    /// The SHA-256 thumbprint of the request's TLS client certificate (<see cref="ClientCertificates"/>),
    /// passed to the token or key grain: a secure device's grain refuses (403) without its own.
    /// </param>
    public async ValueTask<AuthenticationResult> ResolveAsync(PresentedCredential credential, string endpointName, string? sourceAddress, string? clientCertificate = null)
    {
        switch (credential.Kind)
        {
            case PresentedCredentialKind.None:
                return AuthenticationResult.Success(Caller.Anonymous);

            case PresentedCredentialKind.Bearer:
                return await AuthenticateBearerAsync(credential.Token, clientCertificate);

            case PresentedCredentialKind.Basic:
                return await AuthenticateBasicAsync(credential.Id, credential.Secret, sourceAddress, clientCertificate);

            case PresentedCredentialKind.Principal:
                return await AuthenticatePrincipalAsync(credential.PrincipalType, credential.PrincipalGuid, credential.Token, endpointName, clientCertificate);

            default:
                return AuthenticationResult.Fail(AuthenticationFailure.UnknownCredential);
        }
    }

    /// <summary>An API key (<c>gk_….secret</c>) or an issued token; the shape tells them apart without a lookup.</summary>
    private Task<AuthenticationResult> AuthenticateBearerAsync(string token, string? clientCertificate) =>
        ApiKeyId.TrySplit(token, out var keyId, out var secret)
            ? grains.GetGrain<IApiKeyGrain>(keyId).AuthenticateAsync(secret, clientCertificate)
            : grains.GetGrain<IAccessTokenGrain>(SecretDigest.LookupKey(token)).AuthenticateAsync(token, clientCertificate);

    /// <summary>WoTKit: key id and key secret, or username and password. Usernames cannot look like key ids.</summary>
    private async Task<AuthenticationResult> AuthenticateBasicAsync(string id, string secret, string? sourceAddress, string? clientCertificate)
    {
        if (ApiKeyId.IsKeyId(id))
        {
            return await grains.GetGrain<IApiKeyGrain>(id).AuthenticateAsync(secret, clientCertificate);
        }
        var userId = await Identity.UserLookup.FindAsync(grains, id);
        if (userId is null)
        {
            return await FailUnknownUserAsync(secret, sourceAddress);
        }
        return await grains.GetGrain<IUserGrain>(userId).AuthenticatePasswordAsync(new LoginAttempt(secret, sourceAddress));
    }

    /// <summary>RFCx: <c>type/guid</c> names the principal; the token must be that principal's.</summary>
    private async Task<AuthenticationResult> AuthenticatePrincipalAsync(PrincipalType type, string guid, string token, string endpointName, string? clientCertificate)
    {
        switch (type)
        {
            case PrincipalType.Register:
                return await grains.GetGrain<IRegistrationTokenGrain>(guid.ToLowerInvariant()).AuthenticateAsync(token);
            case PrincipalType.Token:
                return await grains.GetGrain<ITemporaryTokenGrain>(guid.ToLowerInvariant()).AuthenticateAsync(token, endpointName);
            case PrincipalType.User or PrincipalType.Guardian:
                var result = await grains.GetGrain<IAccessTokenGrain>(SecretDigest.LookupKey(token)).AuthenticateAsync(token, clientCertificate);
                if (result.Caller is { } caller && !IsPrincipal(caller, type, guid))
                {
                    // A valid token of someone else: the pair does not authenticate.
                    return AuthenticationResult.Fail(AuthenticationFailure.UnknownCredential);
                }
                return result;
            default:
                return AuthenticationResult.Fail(AuthenticationFailure.UnknownCredential);
        }
    }

    private static bool IsPrincipal(Caller caller, PrincipalType type, string guid) =>
        string.Equals(caller.Id, guid, StringComparison.OrdinalIgnoreCase) && type switch
        {
            PrincipalType.User => caller.Kind is PrincipalKind.User or PrincipalKind.ApplicationUser,
            PrincipalType.Guardian => caller.Kind == PrincipalKind.Device,
            _ => false,
        };
}
