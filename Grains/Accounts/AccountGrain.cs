using Gatehouse.Grains.Audit;
using System.Collections.Immutable;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;

namespace Gatehouse.Grains.Accounts;

/// <summary>
/// An account. Role permissions are read by user grains on every request (through
/// <see cref="GetRolePermissionsAsync"/>), so changing a role changes what its operators may do at once.
/// </summary>
public sealed class AccountGrain(
    [PersistentState("account")] IPersistentState<AccountState> account,
    IAuditLog audit,
    TimeProvider time) : Grain, IAccountGrain
{
    private AccountState State => account.State;

    // Role lookups happen per request; cache the parsed sets until a role changes.
    private readonly Dictionary<string, PermissionSet> _rolePermissions = new(StringComparer.Ordinal);

    public async Task<AccountView> CreateAsync(Caller caller, string name, string administratorId)
    {
        caller.Require(Permissions.AccountsCreate);
        if (account.RecordExists)
        {
            throw new ResourceConflictException("This account already exists.");
        }
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            throw new InvalidRequestException("An account needs a name of 1 to 200 characters.");
        }
        var administrator = GrainFactory.GetGrain<IUserGrain>(administratorId);
        if (!await administrator.ExistsAsync())
        {
            throw new InvalidRequestException($"No user '{administratorId}' to make administrator.");
        }
        // Membership first: it refuses a user of another account before anything is written here.
        await administrator.SetMembershipAsync(GetPrimaryKeyString(), AccountRole.Administrator, null);
        account.State = new AccountState { Name = name.Trim(), AdministratorId = administratorId, CreatedAt = time.GetUtcNow() };
        await account.WriteStateAsync();
        await audit.RecordAsync(AuditActions.AccountCreated, caller, "account", GetPrimaryKeyString(), GetPrimaryKeyString(),
            details: ImmutableDictionary<string, string>.Empty.Add("administrator", administratorId));
        return View();
    }

    public Task<AccountView> GetAsync(Caller caller)
    {
        EnsureExists();
        RequireAccountUser(caller, Permissions.AccountsRead);
        return Task.FromResult(View());
    }

    public async Task<RoleView> PutRoleAsync(Caller caller, RoleView role)
    {
        EnsureExists();
        RequireAccountUser(caller, Permissions.RolesManage);
        var validated = ValidateRole(role);
        var existed = State.Roles.ContainsKey(validated.Name);
        State.Roles[validated.Name] = validated;
        _rolePermissions.Remove(validated.Name);
        await account.WriteStateAsync();
        await audit.RecordAsync(existed ? AuditActions.RoleChanged : AuditActions.RoleCreated, caller, "role", validated.Name, GetPrimaryKeyString(),
            details: ImmutableDictionary<string, string>.Empty.Add("permissions", string.Join(' ', validated.Permissions)));
        return validated;
    }

    public async Task DeleteRoleAsync(Caller caller, string roleName)
    {
        EnsureExists();
        RequireAccountUser(caller, Permissions.RolesManage);
        if (State.Operators.ContainsValue(roleName))
        {
            throw new ResourceConflictException($"Role '{roleName}' is assigned to operators; reassign them first.");
        }
        if (!State.Roles.Remove(roleName))
        {
            throw new ResourceNotFoundException($"No role '{roleName}'.");
        }
        _rolePermissions.Remove(roleName);
        await account.WriteStateAsync();
        await audit.RecordAsync(AuditActions.RoleDeleted, caller, "role", roleName, GetPrimaryKeyString());
    }

    public Task<ImmutableArray<RoleView>> ListRolesAsync(Caller caller)
    {
        EnsureExists();
        RequireAccountUser(caller, Permissions.RolesRead);
        return Task.FromResult(State.Roles.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToImmutableArray());
    }

    public async Task AssignOperatorAsync(Caller caller, string userId, string roleName)
    {
        EnsureExists();
        RequireAccountUser(caller, Permissions.OperatorsManage);
        if (!State.Roles.ContainsKey(roleName))
        {
            throw new InvalidRequestException($"No role '{roleName}' in this account.");
        }
        if (userId == State.AdministratorId)
        {
            throw new InvalidRequestException("The administrator cannot also be an operator.");
        }
        var user = GrainFactory.GetGrain<IUserGrain>(userId);
        if (!await user.ExistsAsync())
        {
            throw new InvalidRequestException($"No user '{userId}'.");
        }
        await user.SetMembershipAsync(GetPrimaryKeyString(), AccountRole.Operator, roleName);
        State.Operators[userId] = roleName;
        await account.WriteStateAsync();
        await audit.RecordAsync(AuditActions.OperatorAssigned, caller, "user", userId, GetPrimaryKeyString(),
            details: ImmutableDictionary<string, string>.Empty.Add("role", roleName));
    }

    public async Task RemoveOperatorAsync(Caller caller, string userId)
    {
        EnsureExists();
        RequireAccountUser(caller, Permissions.OperatorsManage);
        if (!State.Operators.Remove(userId))
        {
            throw new ResourceNotFoundException($"User '{userId}' is not an operator of this account.");
        }
        await GrainFactory.GetGrain<IUserGrain>(userId).SetMembershipAsync(null, AccountRole.None, null);
        await account.WriteStateAsync();
        await audit.RecordAsync(AuditActions.OperatorRemoved, caller, "user", userId, GetPrimaryKeyString());
    }

    public Task<PermissionSet?> GetRolePermissionsAsync(string roleName)
    {
        if (_rolePermissions.TryGetValue(roleName, out var cached))
        {
            return Task.FromResult<PermissionSet?>(cached);
        }
        if (!State.Roles.TryGetValue(roleName, out var role))
        {
            return Task.FromResult<PermissionSet?>(null);
        }
        var parsed = PermissionSet.Of(role.Permissions);
        _rolePermissions[roleName] = parsed;
        return Task.FromResult<PermissionSet?>(parsed);
    }

    public async Task AddApplicationAsync(string applicationId)
    {
        EnsureExists();
        if (!State.ApplicationIds.Contains(applicationId))
        {
            State.ApplicationIds.Add(applicationId);
            await account.WriteStateAsync();
        }
    }

    /// <summary>
    /// Account-level checks: the caller must be a user of this account (its administrator or an
    /// operator) holding the permission, or a system administrator. Application keys hold some of
    /// the same permission names for their own application only; they never act on the account.
    /// </summary>
    private void RequireAccountUser(Caller caller, string permission)
    {
        caller.RequireInAccount(permission, GetPrimaryKeyString());
        if (!caller.IsSystemAdmin && caller.Kind != PrincipalKind.User)
        {
            throw new AccessDeniedException("Only the account's administrator and operators act on the account.");
        }
    }

    /// <summary>Role names are short identifiers; permissions must be in the vocabulary and never "*".</summary>
    internal static RoleView ValidateRole(RoleView role)
    {
        if (string.IsNullOrWhiteSpace(role.Name) || role.Name.Length > 64 || !role.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new InvalidRequestException("A role name has 1 to 64 letters, digits, '-', '_' or '.'.");
        }
        var permissions = role.Permissions.IsDefault ? [] : role.Permissions;
        if (permissions.Any(p => p.EndsWith('*')))
        {
            throw new InvalidRequestException("A role lists its permissions by name; wildcards are not allowed.");
        }
        var set = PermissionSet.Of(permissions);
        var reserved = set.Names.Where(p => !Permissions.DelegableInAccount.Contains(p)).Order(StringComparer.Ordinal).ToList();
        if (reserved.Count > 0)
        {
            throw new InvalidRequestException($"A role cannot hold {string.Join(", ", reserved)}: those stay with the account administrator or system administrators.");
        }
        return role with { Permissions = [.. set.Names.Order(StringComparer.Ordinal)] };
    }

    private void EnsureExists()
    {
        if (!account.RecordExists)
        {
            throw new ResourceNotFoundException("No such account.");
        }
    }

    private AccountView View() => new(
        GetPrimaryKeyString(), State.Name, State.AdministratorId,
        [.. State.Operators.Keys.Order(StringComparer.Ordinal)], [.. State.ApplicationIds], State.CreatedAt);
}
