using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Audit;

/// <summary>
/// Who did (or tried to do) the audited thing: the principal and the credential it used. It
/// holds identifiers only — a user id, a key id, a claimed user name — never a password, a key
/// secret or a token.
/// </summary>
[Immutable]
public sealed record AuditActor
{
    /// <summary>Nobody identified itself: a request without credentials, or the system acting on its own.</summary>
    public static AuditActor Anonymous { get; } = new() { Kind = PrincipalKind.Anonymous };

    public required PrincipalKind Kind { get; init; }

    /// <summary>The principal's id, or for a failed attempt the id it claimed (a user name, say). Null when none was given.</summary>
    public string? Id { get; init; }

    public CredentialKind Credential { get; init; }

    /// <summary>The credential's public id (key id, token id); never its secret.</summary>
    public string? CredentialId { get; init; }

    /// <summary>An authenticated caller, as its credential's grain established it.</summary>
    public static AuditActor From(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsAuthenticated
            ? new AuditActor { Kind = caller.Kind, Id = caller.Id, Credential = caller.Credential, CredentialId = caller.CredentialId }
            : Anonymous;
    }

    /// <summary>
    /// What a failed attempt presented: the credential kind and its public part (the key id of a
    /// rejected key, the user name of a failed login). Pass identifiers only: the secret half of
    /// a credential must never reach the audit log, not even a wrong one, since a wrong password
    /// is often a typo of the right one.
    /// </summary>
    public static AuditActor Claimed(CredentialKind credential, string? credentialId, PrincipalKind kind = PrincipalKind.Anonymous, string? principalId = null)
        => new() { Kind = kind, Id = principalId, Credential = credential, CredentialId = credentialId };
}
