using Gatehouse.Grains.Security;

namespace Gatehouse.Identity.Tests.Audit;

/// <summary>The callers the audit authorization tests use.</summary>
internal static class AuditCallers
{
    public static Caller SystemAdmin { get; } = new()
    {
        Kind = PrincipalKind.User,
        Id = "root",
        IsSystemAdmin = true,
        Credential = CredentialKind.AccessToken,
        CredentialId = "tok-root",
    };

    /// <summary>A user of <paramref name="accountId"/> holding <paramref name="permissions"/> there.</summary>
    public static Caller AccountUser(string accountId, params string[] permissions) => new()
    {
        Kind = PrincipalKind.User,
        Id = "admin-of-" + accountId,
        AccountId = accountId,
        AccountRole = AccountRole.Administrator,
        Permissions = PermissionSet.Of(permissions),
        Credential = CredentialKind.ApiKey,
        CredentialId = "key-of-" + accountId,
    };
}
