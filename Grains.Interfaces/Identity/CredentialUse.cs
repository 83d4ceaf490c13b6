using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Identity;

/// <summary>
/// Passed by a token or key grain to the subject grain that builds the caller: which credential
/// is in use, and what it narrows the subject's authority to.
/// </summary>
public sealed record CredentialUse(
    CredentialKind Credential,
    string CredentialId,
    ApiKeyKind? KeyKind = null,
    PermissionSet? Scopes = null,
    bool Elevated = false);
