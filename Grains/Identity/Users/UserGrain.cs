using System.Collections.Immutable;
using Gatehouse.Grains.Accounts;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Identity.TwoFactor;
using Gatehouse.Grains.Identity.Keys;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Identity.Tokens;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;
using Microsoft.Extensions.Options;

namespace Gatehouse.Grains.Identity.Users;

/// <summary>
/// A user: password, lockout, sessions, account membership and keys. Password checks run the
/// KDF inside this activation's turn, so one account's guesses queue behind each other while
/// other users log in in parallel. Second-factor login is in <c>UserGrain.SecondFactor.cs</c>;
/// password changes and resets in <c>UserGrain.Passwords.cs</c>.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState("user")] IPersistentState<UserState> user,
    PasswordHasher hasher,
    SecretProtector protector,
    ISmsSender sms,
    IAuditLog audit,
    IOptions<IdentityOptions> identityOptions,
    IOptions<PasswordHashingOptions> passwordOptions,
    TimeProvider time) : Grain, IUserGrain
{
    private UserState State => user.State;

    private IdentityOptions Options => identityOptions.Value;

    private Subject Self => new(State.ApplicationId is null ? PrincipalKind.User : PrincipalKind.ApplicationUser, GetPrimaryKeyString());

    public async Task<UserView> InitializeAsync(NewUser newUser, string createdBy)
    {
        if (user.RecordExists)
        {
            throw new ResourceConflictException("This user already exists.");
        }
        ValidatePassword(newUser.Password);
        user.State = new UserState
        {
            Username = newUser.Username,
            PasswordHash = hasher.Hash(newUser.Password),
            DisplayName = newUser.DisplayName,
            Email = newUser.Email,
            Phone = newUser.Phone,
            SystemAdmin = newUser.SystemAdmin,
            ApplicationId = newUser.ApplicationId,
            RoleName = newUser.ApplicationRole,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = createdBy,
        };
        await user.WriteStateAsync();
        await audit.RecordAsync(AuditActions.UserCreated, AuditActor.Claimed(CredentialKind.None, createdBy), "user", GetPrimaryKeyString(), null, AuditOutcome.Succeeded,
            details: ImmutableDictionary<string, string>.Empty.Add("username", newUser.Username).Add("systemAdmin", newUser.SystemAdmin ? "true" : "false"));
        return View();
    }

    public Task<bool> ExistsAsync() => Task.FromResult(user.RecordExists);

    public Task<string?> GetUsernameAsync() => Task.FromResult(user.RecordExists ? State.Username : null);

    public async Task<Caller?> BuildCallerAsync(CredentialUse use)
    {
        if (!user.RecordExists || State.Disabled)
        {
            return null;
        }
        var permissions = RolePermissions.User;
        var roles = ImmutableArray<string>.Empty;
        var kind = PrincipalKind.User;
        if (State.ApplicationId is { } applicationId)
        {
            kind = PrincipalKind.ApplicationUser;
            var role = State.RoleName ?? ApplicationRoles.Default;
            permissions = await GrainFactory.GetGrain<IApplicationGrain>(applicationId).GetUserRolePermissionsAsync(role) ?? RolePermissions.ApplicationUserDefault;
            roles = [role];
        }
        else if (State.AccountRole == AccountRole.Administrator)
        {
            permissions = RolePermissions.AccountAdministrator;
            roles = ["administrator"];
        }
        else if (State.AccountRole == AccountRole.Operator && State.AccountId is { } accountId && State.RoleName is { } roleName)
        {
            var rolePermissions = await GrainFactory.GetGrain<IAccountGrain>(accountId).GetRolePermissionsAsync(roleName);
            permissions = RolePermissions.Operator.Union(rolePermissions ?? PermissionSet.Empty);
            roles = [roleName];
        }

        var systemAdmin = State.SystemAdmin;
        if (use.Scopes is { } scopes)
        {
            // A narrowed credential is never a system administrator unless its scopes say "*".
            systemAdmin &= scopes.Has("*") && !use.Elevated;
            permissions = use.Elevated ? scopes : (State.SystemAdmin ? scopes : permissions.Intersect(scopes));
        }
        else if (systemAdmin)
        {
            permissions = PermissionSet.Everything;
        }

        return new Caller
        {
            Kind = kind,
            Id = GetPrimaryKeyString(),
            AccountId = State.AccountId,
            AccountRole = State.AccountRole,
            ApplicationId = State.ApplicationId,
            Permissions = permissions,
            Roles = roles,
            IsSystemAdmin = systemAdmin,
            Credential = use.Credential,
            CredentialId = use.CredentialId,
            KeyKind = use.KeyKind,
        };
    }

    public async Task<AuthenticationResult> AuthenticatePasswordAsync(LoginAttempt attempt)
    {
        var check = await CheckPasswordAsync(attempt);
        if (check.Failure != AuthenticationFailure.None)
        {
            // The gateway audits every failed credential, with the endpoint and source it came from.
            return AuthenticationResult.Fail(check.Failure, check.RetryAfter);
        }
        if (SecondFactorEnabled)
        {
            // Basic auth cannot carry a second factor; accepting the password alone would bypass it.
            return AuthenticationResult.Fail(AuthenticationFailure.SecondFactorRequired);
        }
        var caller = await BuildCallerAsync(new CredentialUse(CredentialKind.Password, GetPrimaryKeyString()));
        if (caller is null)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.Disabled);
        }
        await audit.RecordAsync(AuditActions.PasswordAuthenticated, SelfActor(CredentialKind.Password), "user", GetPrimaryKeyString(), State.AccountId, AuditOutcome.Succeeded, attempt.SourceAddress);
        return AuthenticationResult.Success(caller);
    }

    public async Task<LoginResult> LoginAsync(LoginAttempt attempt)
    {
        var check = await CheckPasswordAsync(attempt);
        if (check.Failure != AuthenticationFailure.None)
        {
            await AuditPasswordFailureAsync(AuditActions.LoginFailed, check.Failure, attempt.SourceAddress);
            return check.Failure == AuthenticationFailure.LockedOut
                ? new LoginResult(LoginStatus.LockedOut, RetryAfter: check.RetryAfter)
                : LoginResult.Failed;
        }
        if (SecondFactorEnabled)
        {
            return await OpenSecondFactorChallengeAsync(attempt);
        }
        var tokens = await StartSessionAsync(attempt.Scope, attempt.ClientId);
        await audit.RecordAsync(AuditActions.LoginSucceeded, SelfActor(CredentialKind.Password), "user", GetPrimaryKeyString(), State.AccountId, AuditOutcome.Succeeded, attempt.SourceAddress,
            ImmutableDictionary<string, string>.Empty.Add("accessTokenId", tokens.Access.TokenId));
        return new LoginResult(LoginStatus.Succeeded, tokens, GetPrimaryKeyString());
    }

    public async Task<TokenPair?> RefreshSessionAsync(string scope, string? clientId, string? grantId = null)
    {
        if (!user.RecordExists || State.Disabled)
        {
            return null;
        }
        return await StartSessionAsync(scope, clientId, grantId);
    }

    public async Task LogoutEverywhereAsync(Caller caller)
    {
        EnsureExists();
        caller.RequireSelf(Self.Kind, GetPrimaryKeyString(), Permissions.ProfileWrite);
        await RevokeAllSessionsAsync();
    }

    public async Task ForgetSessionAsync(string tokenId)
    {
        if (State.Sessions.RemoveAll(s => s.AccessTokenId == tokenId || s.RefreshTokenId == tokenId) > 0)
        {
            await user.WriteStateAsync();
        }
    }

    public Task<UserView> GetAsync(Caller caller)
    {
        EnsureExists();
        RequireReader(caller);
        return Task.FromResult(View());
    }

    public async Task<UserView> UpdateProfileAsync(Caller caller, string? displayName, string? email, string? phone)
    {
        EnsureExists();
        caller.RequireSelf(Self.Kind, GetPrimaryKeyString(), Permissions.ProfileWrite);
        State.DisplayName = displayName ?? State.DisplayName;
        State.Email = email ?? State.Email;
        State.Phone = phone ?? State.Phone;
        await user.WriteStateAsync();
        return View();
    }

    public async Task SetDisabledAsync(Caller caller, bool disabled)
    {
        EnsureExists();
        RequireManager(caller);
        State.Disabled = disabled;
        await user.WriteStateAsync();
        await audit.RecordAsync(disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, caller, "user", GetPrimaryKeyString(), State.AccountId);
        if (disabled)
        {
            await RevokeAllSessionsAsync();
        }
    }

    public async Task UnlockAsync(Caller caller)
    {
        EnsureExists();
        RequireManager(caller);
        State.FailedAttempts = 0;
        State.LockedUntil = null;
        await user.WriteStateAsync();
        await audit.RecordAsync(AuditActions.UserUnlocked, caller, "user", GetPrimaryKeyString(), State.AccountId);
    }

    public async Task SetMembershipAsync(string? accountId, AccountRole role, string? roleName)
    {
        EnsureExists();
        if (accountId is not null && State.AccountId is not null && State.AccountId != accountId)
        {
            throw new ResourceConflictException("This user already belongs to another account.");
        }
        State.AccountId = accountId;
        State.AccountRole = accountId is null ? AccountRole.None : role;
        State.RoleName = accountId is null ? null : roleName;
        await user.WriteStateAsync();
    }

    public async Task SetApplicationRoleAsync(string roleName)
    {
        EnsureExists();
        State.RoleName = roleName;
        await user.WriteStateAsync();
    }

    public async Task<CreatedApiKey> CreateApiKeyAsync(Caller caller, ApiKeySpec spec)
    {
        EnsureExists();
        var isSelf = caller.Id == GetPrimaryKeyString() && caller.Kind == Self.Kind && caller.Has(Permissions.KeysCreate);
        // EVRYTHNG: creating an application user through the application hands back their key.
        var isOwningApplication = State.ApplicationId is not null && caller.Kind == PrincipalKind.Application
            && caller.ApplicationId == State.ApplicationId && caller.Has(Permissions.AppUsersCreate);
        var isAdministrator = caller.IsSystemAdmin || caller.HasInAccount(Permissions.OperatorsManage, State.AccountId);
        if (!isSelf && !isOwningApplication && !isAdministrator)
        {
            caller.RequireAuthenticated();
            throw new AccessDeniedException("Only the user (with keys:create), their application or an administrator may create keys for them.");
        }
        var kind = State.ApplicationId is null ? ApiKeyKind.Operator : ApiKeyKind.ApplicationUser;
        var created = await ApiKeyFactory.CreateAsync(GrainFactory, time, caller, kind, Self, State.AccountId, spec);
        State.ApiKeyIds.Add(created.View.Id);
        await user.WriteStateAsync();
        return created;
    }

    public async Task<ImmutableArray<ApiKeyView>> ListApiKeysAsync(Caller caller)
    {
        EnsureExists();
        RequireReader(caller);
        caller.Require(Permissions.KeysRead);
        var views = await Task.WhenAll(State.ApiKeyIds.Select(id => GrainFactory.GetGrain<IApiKeyGrain>(id).GetAsync(caller)));
        return [.. views];
    }

    private ValueTask AuditPasswordFailureAsync(string action, AuthenticationFailure failure, string? sourceAddress) =>
        audit.RecordAsync(failure == AuthenticationFailure.LockedOut ? AuditActions.LockedOut : action, SelfActor(CredentialKind.Password),
            "user", GetPrimaryKeyString(), State.AccountId, AuditOutcome.Failed, sourceAddress,
            ImmutableDictionary<string, string>.Empty.Add("reason", failure.ToString()));

    private bool SecondFactorEnabled => State.SecondFactor.TotpEnabled || State.SecondFactor.SmsEnabled;

    /// <summary>
    /// Checks lockout (address, then account) before the password, so a locked account gives no
    /// password oracle; counts failures against both.
    /// </summary>
    private async Task<(AuthenticationFailure Failure, TimeSpan? RetryAfter)> CheckPasswordAsync(LoginAttempt attempt)
    {
        if (!user.RecordExists)
        {
            return (AuthenticationFailure.UnknownCredential, null);
        }
        var throttle = attempt.SourceAddress is { } address ? GrainFactory.GetGrain<ISourceAddressThrottleGrain>(address) : null;
        if (throttle is not null && await throttle.GetRetryAfterAsync() is { } addressWait)
        {
            return (AuthenticationFailure.LockedOut, addressWait);
        }
        var now = time.GetUtcNow();
        if (State.LockedUntil is { } until && until > now)
        {
            return (AuthenticationFailure.LockedOut, until - now);
        }
        if (!PasswordHasher.Verify(attempt.Password, State.PasswordHash))
        {
            await RecordFailureAsync(now);
            if (throttle is not null)
            {
                await throttle.RecordFailureAsync();
            }
            return (AuthenticationFailure.WrongSecret, null);
        }
        if (State.Disabled)
        {
            return (AuthenticationFailure.Disabled, null);
        }
        var dirty = State.FailedAttempts != 0 || State.LockedUntil is not null;
        State.FailedAttempts = 0;
        State.LockedUntil = null;
        if (hasher.NeedsRehash(State.PasswordHash))
        {
            State.PasswordHash = hasher.Hash(attempt.Password);
            dirty = true;
        }
        if (dirty)
        {
            await user.WriteStateAsync();
        }
        return (AuthenticationFailure.None, null);
    }

    /// <summary>
    /// After <see cref="IdentityOptions.MaxFailedLogins"/> failures, locks for the base time, doubling
    /// per further failure up to the maximum.
    /// </summary>
    private async Task RecordFailureAsync(DateTimeOffset now)
    {
        State.FailedAttempts++;
        var over = State.FailedAttempts - Options.MaxFailedLogins;
        if (over >= 0)
        {
            var ticks = Options.LockoutBase.Ticks * Math.Pow(2, Math.Min(over, 30));
            State.LockedUntil = now + TimeSpan.FromTicks((long)Math.Min(ticks, Options.LockoutMax.Ticks));
        }
        await user.WriteStateAsync();
    }

    private async Task<TokenPair> StartSessionAsync(string scope, string? clientId, string? grantId = null)
    {
        var now = time.GetUtcNow();
        var pair = await TokenIssuer.IssuePairAsync(GrainFactory, Self, now, Options, scope, clientId, grantId);
        State.Sessions.RemoveAll(s => s.ExpiresAt <= now);
        State.Sessions.Add(new SessionEntry(pair.Access.TokenId, pair.Refresh.TokenId, pair.Refresh.ExpiresAt,
            clientId, clientId is null ? null : scope, grantId));
        var evicted = new List<SessionEntry>();
        while (State.Sessions.Count > Options.MaxSessionsPerUser)
        {
            evicted.Add(State.Sessions[0]);
            State.Sessions.RemoveAt(0);
        }
        await user.WriteStateAsync();
        foreach (var session in evicted)
        {
            await GrainFactory.GetGrain<IAccessTokenGrain>(session.AccessTokenId).RevokeBySubjectAsync(Self);
        }
        return pair;
    }

    private async Task RevokeAllSessionsAsync()
    {
        var sessions = State.Sessions.ToList();
        State.Sessions.Clear();
        await user.WriteStateAsync();
        // Revoking the access token revokes its refresh pair too.
        await Task.WhenAll(sessions.Select(s => GrainFactory.GetGrain<IAccessTokenGrain>(s.AccessTokenId).RevokeBySubjectAsync(Self)));
    }

    private void ValidatePassword(string password)
    {
        if (password.Length < passwordOptions.Value.MinimumLength)
        {
            throw new InvalidRequestException($"A password needs at least {passwordOptions.Value.MinimumLength} characters.");
        }
        if (password.Length > 1024)
        {
            throw new InvalidRequestException("A password may have at most 1024 characters.");
        }
    }

    /// <summary>The user, an account administrator (users:read in the user's account), a trusted application for its users, or a system administrator.</summary>
    private void RequireReader(Caller caller)
    {
        caller.RequireAuthenticated();
        if (caller.Id == GetPrimaryKeyString() && caller.Kind == Self.Kind)
        {
            caller.Require(Permissions.ProfileRead);
            return;
        }
        if (caller.HasInAccount(Permissions.UsersRead, State.AccountId)
            || (State.ApplicationId is not null && caller.ApplicationId == State.ApplicationId && caller.Has(Permissions.AppUsersRead) && caller.Kind == PrincipalKind.Application))
        {
            return;
        }
        throw new AccessDeniedException("The caller may not read this user.");
    }

    /// <summary>
    /// System administrators, or the administrator of this user's account for its operators and
    /// application users. Nobody but a system administrator manages an account administrator:
    /// a password reset is a takeover of the login.
    /// </summary>
    private void RequireManager(Caller caller)
    {
        caller.RequireAuthenticated();
        var isAccountAdministrator = caller.Kind == PrincipalKind.User && caller.AccountRole == AccountRole.Administrator
            && State.AccountId is not null && caller.HasInAccount(Permissions.OperatorsManage, State.AccountId)
            && State.AccountRole != AccountRole.Administrator;
        if (!caller.IsSystemAdmin && !isAccountAdministrator)
        {
            throw new AccessDeniedException("Only a system administrator or the account's administrator may manage this user.");
        }
    }

    private void EnsureExists()
    {
        if (!user.RecordExists)
        {
            throw new ResourceNotFoundException("No such user.");
        }
    }

    private UserView View() => new(
        GetPrimaryKeyString(), State.Username, State.DisplayName, State.Email, State.Phone, Self.Kind,
        State.AccountId, State.AccountRole, State.RoleName, State.ApplicationId, State.SystemAdmin, State.Disabled,
        State.SecondFactor.TotpEnabled, State.SecondFactor.SmsEnabled, State.CreatedAt);
}
