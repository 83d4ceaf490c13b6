using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Identity;

/// <summary>
/// The fixed permission sets of each kind of principal; operator and application-user roles add to
/// or narrow these (<c>docs/permissions.md</c>). Resource grains still check ownership and account:
/// "devices:read" lets a plain user read their own devices, and an operator the account's.
/// </summary>
public static class RolePermissions
{
    /// <summary>Every user: their own profile, keys, devices, temporary tokens and OAuth2 clients (WoTKit: any user registers applications).</summary>
    public static PermissionSet User { get; } = PermissionSet.Of(
        Permissions.ProfileRead, Permissions.ProfileWrite,
        Permissions.KeysRead, Permissions.KeysCreate, Permissions.KeysRevoke,
        Permissions.DevicesRead, Permissions.DevicesCreate, Permissions.DevicesWrite, Permissions.DevicesDelete,
        Permissions.MessagesPublish, Permissions.MessagesRead,
        Permissions.TokensCreate, Permissions.RegistrationCreate, Permissions.ClientsManage);

    /// <summary>An account administrator, inside their account, on top of <see cref="User"/>.</summary>
    public static PermissionSet AccountAdministrator { get; } = PermissionSet.Of(
        Permissions.UsersRead, Permissions.AccountsRead, Permissions.AccountsManage,
        Permissions.RolesRead, Permissions.RolesManage, Permissions.OperatorsManage,
        Permissions.ApplicationsRead, Permissions.ApplicationsManage,
        Permissions.AppUsersRead, Permissions.AppUsersCreate, Permissions.AppUsersManage,
        Permissions.AuditRead).Union(User);

    /// <summary>An operator before their role adds anything: the account's details, and their own things.</summary>
    public static PermissionSet Operator { get; } = PermissionSet.Of(Permissions.AccountsRead).Union(User);

    /// <summary>The public application key: create application users, read its application. Nothing else.</summary>
    public static PermissionSet Application { get; } = PermissionSet.Of(Permissions.AppUsersCreate, Permissions.ApplicationsRead);

    /// <summary>The trusted (secret, server-side) application key: its application and its users.</summary>
    public static PermissionSet TrustedApplication { get; } = PermissionSet.Of(
        Permissions.ApplicationsRead, Permissions.AppUsersRead, Permissions.AppUsersCreate, Permissions.AppUsersManage,
        Permissions.RolesRead, Permissions.KeysRead, Permissions.KeysRevoke, Permissions.DevicesRead, Permissions.MessagesRead);

    /// <summary>An application user with the default role.</summary>
    public static PermissionSet ApplicationUserDefault { get; } = PermissionSet.Of(
        Permissions.ProfileRead, Permissions.ProfileWrite, Permissions.DevicesRead, Permissions.MessagesRead);

    /// <summary>A device: itself and its own messages.</summary>
    public static PermissionSet Device { get; } = PermissionSet.Of(Permissions.DevicesRead, Permissions.DevicesWrite, Permissions.MessagesPublish, Permissions.MessagesRead);

    /// <summary>A registration token: redeem itself.</summary>
    public static PermissionSet RegistrationToken { get; } = PermissionSet.Of(Permissions.RegistrationRedeem);
}
