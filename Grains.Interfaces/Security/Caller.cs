using System.Collections.Immutable;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Security;

/// <summary>
/// Who is making a call, as established by the credential's own grain. Gateways pass it as the
/// first argument of every grain method that acts on a caller's behalf; the target grain decides
/// whether to allow the call (<c>docs/permissions.md</c>). A caller is a snapshot: it is built
/// anew for every request, so a revocation or role change shows on the next request.
/// </summary>
[Immutable]
public sealed record Caller
{
    public static Caller Anonymous { get; } = new() { Kind = PrincipalKind.Anonymous, Id = "" };

    public required PrincipalKind Kind { get; init; }

    /// <summary>The principal's id: a user id, device id, application id or token id.</summary>
    public required string Id { get; init; }

    /// <summary>The account the principal belongs to, if any. Account-scoped permissions apply only inside it.</summary>
    public string? AccountId { get; init; }

    public AccountRole AccountRole { get; init; }

    /// <summary>The application of an application, an application user or their keys.</summary>
    public string? ApplicationId { get; init; }

    /// <summary>What this caller may do, already narrowed by key scopes and the owner's own authority.</summary>
    public PermissionSet Permissions { get; init; } = PermissionSet.Empty;

    /// <summary>Operator or application-user role names, for audit and display.</summary>
    public ImmutableArray<string> Roles { get; init; } = [];

    /// <summary>A system administrator: WoTKit "Admin" methods and every account.</summary>
    public bool IsSystemAdmin { get; init; }

    public CredentialKind Credential { get; init; }

    /// <summary>The public id of the credential (key id, token id); never its secret.</summary>
    public string? CredentialId { get; init; }

    public ApiKeyKind? KeyKind { get; init; }

    /// <summary>
    /// Temporary tokens only: the endpoint names the token may call. Empty means unrestricted.
    /// Checked by the gateway before the call and by the token's grain when it is used.
    /// </summary>
    public ImmutableArray<string> AllowedEndpoints { get; init; } = [];

    public bool IsAuthenticated => Kind != PrincipalKind.Anonymous;

    public bool Has(string permission) => IsSystemAdmin || Permissions.Has(permission);

    /// <summary>True when the caller holds <paramref name="permission"/> inside <paramref name="accountId"/>.</summary>
    public bool HasInAccount(string permission, string? accountId) =>
        IsSystemAdmin || (accountId is not null && AccountId == accountId && Permissions.Has(permission));

    /// <summary>"user/u123 via api-key k456": for audit records and log lines; holds no secret.</summary>
    public string Describe() =>
        Kind == PrincipalKind.Anonymous
            ? "anonymous"
            : CredentialId is null ? $"{Kind}/{Id}" : $"{Kind}/{Id} via {Credential}/{CredentialId}";
}
