using System.Collections.Frozen;
using System.Linq;

namespace Gatehouse.Grains.Security;

/// <summary>
/// The permission vocabulary: every name a scope, a role or a grant may hold. Grains check these
/// names; <c>docs/permissions.md</c> explains each one and a test keeps the two in step.
/// A name is <c>resource:action</c>; a grant of <c>resource:*</c> or <c>*</c> covers the
/// names under it, and nothing outside this list can be granted.
/// </summary>
public static class Permissions
{
    public const string ProfileRead = "profile:read";
    public const string ProfileWrite = "profile:write";

    public const string UsersRead = "users:read";
    public const string UsersCreate = "users:create";
    public const string UsersManage = "users:manage";

    public const string AccountsRead = "accounts:read";
    public const string AccountsCreate = "accounts:create";
    public const string AccountsManage = "accounts:manage";

    public const string RolesRead = "roles:read";
    public const string RolesManage = "roles:manage";
    public const string OperatorsManage = "operators:manage";

    public const string ApplicationsRead = "applications:read";
    public const string ApplicationsManage = "applications:manage";
    public const string AppUsersRead = "appusers:read";
    public const string AppUsersCreate = "appusers:create";
    public const string AppUsersManage = "appusers:manage";

    public const string KeysRead = "keys:read";
    public const string KeysCreate = "keys:create";
    public const string KeysRevoke = "keys:revoke";
    public const string KeysElevate = "keys:elevate";

    public const string RegistrationCreate = "registration:create";
    public const string RegistrationRedeem = "registration:redeem";
    public const string TokensCreate = "tokens:create";

    public const string DevicesRead = "devices:read";
    public const string DevicesCreate = "devices:create";
    public const string DevicesWrite = "devices:write";
    public const string DevicesDelete = "devices:delete";
    public const string MessagesPublish = "messages:publish";
    public const string MessagesRead = "messages:read";

    public const string AuditRead = "audit:read";

    public const string ClientsManage = "clients:manage";

    /// <summary>Every grantable name, with what it allows.</summary>
    public static FrozenDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        [ProfileRead] = "Read your own profile, sessions and 2FA settings.",
        [ProfileWrite] = "Change your own profile, password and 2FA settings.",
        [UsersRead] = "Read users (account-wide for administrators, all users for system administrators).",
        [UsersCreate] = "Create users.",
        [UsersManage] = "Disable, unlock and reset users.",
        [AccountsRead] = "Read an account's details.",
        [AccountsCreate] = "Create accounts (system administrators).",
        [AccountsManage] = "Change an account's details.",
        [RolesRead] = "Read operator roles and application-user roles.",
        [RolesManage] = "Create, change and delete operator roles and application-user roles.",
        [OperatorsManage] = "Add operators to an account and assign their roles.",
        [ApplicationsRead] = "Read applications.",
        [ApplicationsManage] = "Create and change applications, and rotate their keys.",
        [AppUsersRead] = "Read application users.",
        [AppUsersCreate] = "Create application users.",
        [AppUsersManage] = "Change application users and their roles.",
        [KeysRead] = "Read API keys (never their secrets).",
        [KeysCreate] = "Create API keys.",
        [KeysRevoke] = "Revoke API keys.",
        [KeysElevate] = "Grant a key more authority than its owner (IoT Open higher-authority API users).",
        [RegistrationCreate] = "Create RFCx registration tokens.",
        [RegistrationRedeem] = "Redeem a registration token to create a user or a guardian.",
        [TokensCreate] = "Create RFCx temporary tokens.",
        [DevicesRead] = "Read devices.",
        [DevicesCreate] = "Create devices.",
        [DevicesWrite] = "Change devices.",
        [DevicesDelete] = "Delete devices.",
        [MessagesPublish] = "Send device messages.",
        [MessagesRead] = "Read device messages and data series.",
        [AuditRead] = "Query the audit log.",
        [ClientsManage] = "Register, read and revoke your own OAuth2 clients.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// What an account administrator may put in an operator role or an application-user role: the
    /// account-scoped permissions, minus administering the account itself. EVRYTHNG: operator
    /// roles are made only by the administrator, so operators can neither edit roles nor appoint
    /// operators; and nothing in a role reaches beyond the account (creating global users,
    /// managing users' logins, elevated keys, new accounts).
    /// </summary>
    public static FrozenSet<string> DelegableInAccount { get; } = All.Keys
        .Except([AccountsCreate, AccountsManage, UsersCreate, UsersManage, KeysElevate, RolesManage, OperatorsManage])
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True for a listed name, <c>*</c>, or <c>resource:*</c> of a listed resource.</summary>
    public static bool IsGrantable(string name)
    {
        if (name == "*" || All.ContainsKey(name))
        {
            return true;
        }
        return name.EndsWith(":*", StringComparison.Ordinal)
            && All.Keys.Any(k => k.StartsWith(name.AsSpan(0, name.Length - 1), StringComparison.Ordinal));
    }
}
