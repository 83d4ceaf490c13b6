namespace Gatehouse.Grains.Identity;

/// <summary>Names of the application-user roles every application starts with.</summary>
public static class ApplicationRoles
{
    /// <summary>Given to new application users unless another role is named: <see cref="RolePermissions.ApplicationUserDefault"/>.</summary>
    public const string Default = "default";
}
