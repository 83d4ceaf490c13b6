using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Authentication;

/// <summary>
/// The public part of a presented credential, for audit records of failed attempts: which kind it
/// claimed to be and an id that can be looked up, never the secret. A bearer token is recorded by
/// its lookup key (half its SHA-256), which is how its grain is found.
/// </summary>
internal static class CredentialAuditView
{
    public static (CredentialKind Kind, string? PublicId, PrincipalKind Principal, string? PrincipalId) Describe(PresentedCredential credential)
    {
        switch (credential.Kind)
        {
            case PresentedCredentialKind.Bearer:
                return ApiKeyId.TrySplit(credential.Token, out var keyId, out _)
                    ? (CredentialKind.ApiKey, keyId, PrincipalKind.Anonymous, null)
                    : (CredentialKind.AccessToken, SecretDigest.LookupKey(credential.Token), PrincipalKind.Anonymous, null);
            case PresentedCredentialKind.Basic:
                return ApiKeyId.IsKeyId(credential.Id)
                    ? (CredentialKind.ApiKey, credential.Id, PrincipalKind.Anonymous, null)
                    : (CredentialKind.Password, null, PrincipalKind.User, credential.Id);
            case PresentedCredentialKind.Principal:
                return credential.PrincipalType switch
                {
                    PrincipalType.Register => (CredentialKind.RegistrationToken, credential.PrincipalGuid, PrincipalKind.RegistrationToken, credential.PrincipalGuid),
                    PrincipalType.Token => (CredentialKind.TemporaryToken, credential.PrincipalGuid, PrincipalKind.Anonymous, null),
                    PrincipalType.Guardian => (CredentialKind.AccessToken, SecretDigest.LookupKey(credential.Token), PrincipalKind.Device, credential.PrincipalGuid),
                    _ => (CredentialKind.AccessToken, SecretDigest.LookupKey(credential.Token), PrincipalKind.User, credential.PrincipalGuid),
                };
            default:
                return (CredentialKind.None, null, PrincipalKind.Anonymous, null);
        }
    }
}
