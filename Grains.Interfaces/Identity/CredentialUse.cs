using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Identity;

/// <summary>
/// Passed by a token or key grain to the subject grain that builds the caller: which credential
/// is in use, and what it narrows the subject's authority to. <see cref="ClientCertificate"/> is
/// the SHA-256 thumbprint of the TLS client certificate the request was made with, if any: a
/// secure device refuses to be anyone's caller without its own.
/// </summary>
public sealed record CredentialUse(
    CredentialKind Credential,
    string CredentialId,
    ApiKeyKind? KeyKind = null,
    PermissionSet? Scopes = null,
    bool Elevated = false,
    string? ClientCertificate = null);
