using Gatehouse.Grains.Audit;
using System.Collections.Immutable;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Identity.Keys;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;

namespace Gatehouse.Grains.Accounts;

public sealed class ApplicationGrain(
    [PersistentState("application")] IPersistentState<ApplicationState> application,
    IAuditLog audit,
    TimeProvider time) : Grain, IApplicationGrain
{
    private ApplicationState State => application.State;

    private Subject Self => new(PrincipalKind.Application, GetPrimaryKeyString());

    // Role lookups happen per request; cache the parsed sets until a role changes.
    private readonly Dictionary<string, PermissionSet> _rolePermissions = new(StringComparer.Ordinal);

    public async Task<CreatedApplication> CreateAsync(Caller caller, string accountId, string name)
    {
        caller.RequireInAccount(Permissions.ApplicationsManage, accountId);
        if (!caller.IsSystemAdmin && caller.Kind != PrincipalKind.User)
        {
            throw new AccessDeniedException("Only the account's administrator and operators create applications.");
        }
        if (application.RecordExists)
        {
            throw new ResourceConflictException("This application already exists.");
        }
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            throw new InvalidRequestException("An application needs a name of 1 to 200 characters.");
        }
        await GrainFactory.GetGrain<IAccountGrain>(accountId).AddApplicationAsync(GetPrimaryKeyString());
        var publicKey = await ApiKeyFactory.CreateAsync(GrainFactory, time, caller, ApiKeyKind.Application, Self, accountId, new ApiKeySpec($"{name} application key"));
        var trustedKey = await ApiKeyFactory.CreateAsync(GrainFactory, time, caller, ApiKeyKind.TrustedApplication, Self, accountId, new ApiKeySpec($"{name} trusted application key"));
        application.State = new ApplicationState
        {
            AccountId = accountId,
            Name = name.Trim(),
            PublicKeyId = publicKey.View.Id,
            TrustedKeyId = trustedKey.View.Id,
            UserRoles = new()
            {
                [ApplicationRoles.Default] = new RoleView(ApplicationRoles.Default, [.. RolePermissions.ApplicationUserDefault.Names.Order(StringComparer.Ordinal)], "Given to new application users."),
            },
            CreatedAt = time.GetUtcNow(),
        };
        await application.WriteStateAsync();
        await audit.RecordAsync(AuditActions.ApplicationCreated, caller, "application", GetPrimaryKeyString(), accountId);
        return new CreatedApplication(View(), publicKey.Key, trustedKey.Key);
    }

    public Task<Caller?> BuildCallerAsync(CredentialUse use)
    {
        if (!application.RecordExists)
        {
            return Task.FromResult<Caller?>(null);
        }
        var permissions = use.KeyKind == ApiKeyKind.TrustedApplication ? RolePermissions.TrustedApplication : RolePermissions.Application;
        if (use.Scopes is { } scopes)
        {
            permissions = use.Elevated ? scopes : permissions.Intersect(scopes);
        }
        return Task.FromResult<Caller?>(new Caller
        {
            Kind = PrincipalKind.Application,
            Id = GetPrimaryKeyString(),
            AccountId = State.AccountId,
            ApplicationId = GetPrimaryKeyString(),
            Permissions = permissions,
            Credential = use.Credential,
            CredentialId = use.CredentialId,
            KeyKind = use.KeyKind,
        });
    }

    public Task<ApplicationView> GetAsync(Caller caller)
    {
        EnsureExists();
        RequireApplicationOrAdministrator(caller, Permissions.ApplicationsRead);
        return Task.FromResult(View());
    }

    public async Task<CreatedApplicationUser> CreateUserAsync(Caller caller, string username, string password, string? role)
    {
        EnsureExists();
        RequireApplicationOrAdministrator(caller, Permissions.AppUsersCreate);
        var roleName = role ?? ApplicationRoles.Default;
        if (roleName != ApplicationRoles.Default && caller.KeyKind == ApiKeyKind.Application)
        {
            throw new AccessDeniedException("The public application key can only create users with the default role.");
        }
        if (!State.UserRoles.ContainsKey(roleName))
        {
            throw new InvalidRequestException($"No application-user role '{roleName}'.");
        }
        UsernameKey.Validate(username);
        var user = await GrainFactory.GetGrain<IUsernameGrain>(UsernameKey.For(username, GetPrimaryKeyString()))
            .CreateAuthorizedAsync(new NewUser(username, password, ApplicationId: GetPrimaryKeyString(), ApplicationRole: roleName), caller.Describe());
        await GrainFactory.GetGrain<IUserGrain>(user.Id).SetMembershipAsync(State.AccountId, AccountRole.None, roleName);
        State.UserIds.Add(user.Id);
        await application.WriteStateAsync();
        var key = await GrainFactory.GetGrain<IUserGrain>(user.Id).CreateApiKeyAsync(caller, new ApiKeySpec($"{username} application user key"));
        return new CreatedApplicationUser(user with { AccountId = State.AccountId, Role = roleName }, key.Key);
    }

    public async Task<RoleView> PutUserRoleAsync(Caller caller, RoleView role)
    {
        EnsureExists();
        caller.RequireInAccount(Permissions.RolesManage, State.AccountId);
        if (!caller.IsSystemAdmin && caller.Kind != PrincipalKind.User)
        {
            throw new AccessDeniedException("Only the account's administrator defines application-user roles.");
        }
        var validated = AccountGrain.ValidateRole(role);
        var existed = State.UserRoles.ContainsKey(validated.Name);
        State.UserRoles[validated.Name] = validated;
        _rolePermissions.Remove(validated.Name);
        await application.WriteStateAsync();
        await audit.RecordAsync(existed ? AuditActions.RoleChanged : AuditActions.RoleCreated, caller, "approle", $"{GetPrimaryKeyString()}/{validated.Name}", State.AccountId,
            details: ImmutableDictionary<string, string>.Empty.Add("permissions", string.Join(' ', validated.Permissions)));
        return validated;
    }

    public Task<ImmutableArray<RoleView>> ListUserRolesAsync(Caller caller)
    {
        EnsureExists();
        RequireApplicationOrAdministrator(caller, Permissions.RolesRead);
        return Task.FromResult(State.UserRoles.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToImmutableArray());
    }

    public async Task AssignUserRoleAsync(Caller caller, string userId, string roleName)
    {
        EnsureExists();
        RequireApplicationOrAdministrator(caller, Permissions.AppUsersManage);
        if (!State.UserRoles.ContainsKey(roleName))
        {
            throw new InvalidRequestException($"No application-user role '{roleName}'.");
        }
        if (!State.UserIds.Contains(userId))
        {
            throw new ResourceNotFoundException($"User '{userId}' is not a user of this application.");
        }
        await GrainFactory.GetGrain<IUserGrain>(userId).SetApplicationRoleAsync(roleName);
        await audit.RecordAsync(AuditActions.ApplicationUserRoleAssigned, caller, "user", userId, State.AccountId,
            details: ImmutableDictionary<string, string>.Empty.Add("role", roleName));
    }

    public Task<PermissionSet?> GetUserRolePermissionsAsync(string roleName)
    {
        if (_rolePermissions.TryGetValue(roleName, out var cached))
        {
            return Task.FromResult<PermissionSet?>(cached);
        }
        if (!application.RecordExists || !State.UserRoles.TryGetValue(roleName, out var role))
        {
            return Task.FromResult<PermissionSet?>(null);
        }
        var parsed = PermissionSet.Of(role.Permissions);
        _rolePermissions[roleName] = parsed;
        return Task.FromResult<PermissionSet?>(parsed);
    }

    /// <summary>This application's own keys (with the permission), or the account's administrators.</summary>
    private void RequireApplicationOrAdministrator(Caller caller, string permission)
    {
        caller.RequireAuthenticated();
        var isThisApplication = caller.Kind == PrincipalKind.Application && caller.ApplicationId == GetPrimaryKeyString() && caller.Has(permission);
        // Another application's keys hold the same permission names in the same account; only the
        // account's own users (administrator, operators) reach across applications.
        var isAccountUser = caller.Kind == PrincipalKind.User && caller.HasInAccount(permission, State.AccountId);
        if (!isThisApplication && !isAccountUser && !caller.IsSystemAdmin)
        {
            throw new AccessDeniedException($"The caller lacks '{permission}' for this application.");
        }
    }

    private void EnsureExists()
    {
        if (!application.RecordExists)
        {
            throw new ResourceNotFoundException("No such application.");
        }
    }

    private ApplicationView View() => new(GetPrimaryKeyString(), State.AccountId, State.Name, State.PublicKeyId, State.TrustedKeyId, ApplicationRoles.Default, State.CreatedAt);
}
