using System.Collections.Immutable;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Accounts;

/// <summary>
/// An application in an account, with its public application key, its secret trusted-application
/// key, its application users and the application-user roles that narrow what they see.
/// </summary>
public interface IApplicationGrain : ISubjectGrain
{
    /// <summary>Account administrators (<c>applications:manage</c> in the account) create applications.</summary>
    Task<CreatedApplication> CreateAsync(Caller caller, string accountId, string name);

    [ReadOnly]
    Task<ApplicationView> GetAsync(Caller caller);

    /// <summary>
    /// Creates an application user. The public application key may (that is nearly all it may
    /// do), as may the trusted key and account administrators. Returns the user's key once.
    /// </summary>
    Task<CreatedApplicationUser> CreateUserAsync(Caller caller, string username, string password, string? role);

    Task<RoleView> PutUserRoleAsync(Caller caller, RoleView role);

    [ReadOnly]
    Task<ImmutableArray<RoleView>> ListUserRolesAsync(Caller caller);

    Task AssignUserRoleAsync(Caller caller, string userId, string roleName);

    /// <summary>Silo-internal: the permissions of an application-user role now, or null.</summary>
    /// <remarks>Always interleaves: user grains call it while this application may be waiting on them.</remarks>
    [AlwaysInterleave]
    Task<PermissionSet?> GetUserRolePermissionsAsync(string roleName);
}
