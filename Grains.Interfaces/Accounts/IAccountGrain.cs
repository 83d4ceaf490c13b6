using System.Collections.Immutable;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Accounts;

/// <summary>
/// An EVRYTHNG-style account: one administrator, operators holding operator roles, and
/// applications. Keyed by a 32-hex-digit id. Only the administrator (and system administrators)
/// manage roles and operators.
/// </summary>
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>System administrators create accounts, naming an existing user as administrator.</summary>
    Task<AccountView> CreateAsync(Caller caller, string name, string administratorId);

    [ReadOnly]
    Task<AccountView> GetAsync(Caller caller);

    Task<RoleView> PutRoleAsync(Caller caller, RoleView role);

    Task DeleteRoleAsync(Caller caller, string roleName);

    [ReadOnly]
    Task<ImmutableArray<RoleView>> ListRolesAsync(Caller caller);

    /// <summary>Makes an existing user (not in another account) an operator holding <paramref name="roleName"/>, or changes their role.</summary>
    Task AssignOperatorAsync(Caller caller, string userId, string roleName);

    Task RemoveOperatorAsync(Caller caller, string userId);

    /// <summary>Silo-internal: the permissions of a role now, or null if it no longer exists.</summary>
    /// <remarks>Always interleaves: user grains call it while this account may be waiting on them (assigning an operator).</remarks>
    [AlwaysInterleave]
    Task<PermissionSet?> GetRolePermissionsAsync(string roleName);

    /// <summary>Silo-internal: an application created in this account.</summary>
    Task AddApplicationAsync(string applicationId);
}
