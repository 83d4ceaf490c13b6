using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Accounts;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Identity.OAuth;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Observers;
using Gatehouse.Runtime.Persistence;

namespace Gatehouse.Grains.Identity.Tokens;

public sealed class AccessTokenGrain(
    [PersistentState("token")] IPersistentState<AccessTokenState> token,
    IAuditLog audit,
    TimeProvider time) : Grain, IAccessTokenGrain
{
    private AccessTokenState State => token.State;

    // Parsed once per activation: the scope string is fixed at issue, and this runs per request.
    private PermissionSet? _scopes;
    private bool _scopesParsed;

    // Live channels holding this token, told when it is revoked. In memory only: see CredentialWatch.
    private ObserverManager<ICredentialObserver>? _watchers;

    public async Task IssueAsync(TokenRecord record)
    {
        if (token.RecordExists)
        {
            // 128 bits of a SHA-256 colliding means a broken RNG; refuse rather than overwrite.
            throw new ResourceConflictException("A token with this lookup key already exists.");
        }
        token.State = new AccessTokenState
        {
            Kind = record.Kind,
            Subject = record.Subject,
            Digest = record.Digest,
            IssuedAt = record.IssuedAt,
            ExpiresAt = record.ExpiresAt,
            Scope = record.Scope,
            PairedTokenId = record.PairedTokenId,
            ClientId = record.ClientId,
            GrantId = record.GrantId,
        };
        await token.WriteStateAsync();
    }

    public async Task<AuthenticationResult> AuthenticateAsync(string presented, string? clientCertificate = null)
    {
        var failure = Check(presented);
        if (failure != AuthenticationFailure.None)
        {
            return AuthenticationResult.Fail(failure);
        }
        if (State.Kind == TokenKind.Refresh)
        {
            // A refresh token only buys a new pair at the token endpoint; as a bearer it is unknown.
            return AuthenticationResult.Fail(AuthenticationFailure.UnknownCredential);
        }
        if (State.ClientId is { } clientId && !await GrainFactory.GetGrain<IOAuthClientGrain>(clientId).IsActiveAsync())
        {
            // Revoking a client ends what it holds at once, without listing every token it was issued.
            return AuthenticationResult.Fail(AuthenticationFailure.Revoked);
        }
        if (!_scopesParsed)
        {
            _scopes = ScopeToPermissions(State.Scope);
            _scopesParsed = true;
        }
        var use = new CredentialUse(CredentialKind.AccessToken, GetPrimaryKeyString(), Scopes: _scopes, ClientCertificate: clientCertificate);
        var caller = await SubjectGrain(State.Subject!).BuildCallerAsync(use);
        return caller is null ? AuthenticationResult.Fail(AuthenticationFailure.Disabled) : AuthenticationResult.Success(caller);
    }

    public async Task<RedeemedRefresh?> RedeemRefreshAsync(string presented, string? clientId, string? scope = null)
    {
        if (Check(presented) != AuthenticationFailure.None || State.Kind != TokenKind.Refresh || State.ClientId != clientId)
        {
            // A client's refresh token redeemed without that client's authentication (or a login
            // session's by a client) is refused and left as it was: the presenter is not its holder.
            return null;
        }
        var newScope = NarrowedScope(scope);
        await RevokeCoreAsync(notifySubject: true);
        return new RedeemedRefresh(State.Subject!, newScope, State.ClientId, State.GrantId);
    }

    /// <summary>
    /// RFC 6749 §6: a refresh may ask for less than was granted, never more; no scope keeps it.
    /// Checked before the token is spent, so a client that asks wrongly keeps its session.
    /// </summary>
    private string NarrowedScope(string? requested)
    {
        var names = OAuthScope.Parse(requested);
        if (names.IsEmpty)
        {
            return State.Scope;
        }
        var granted = OAuthScope.Parse(State.Scope);
        if (!OAuthScope.IsAll(granted) && (OAuthScope.IsAll(names) || !names.All(granted.Contains)))
        {
            throw new InvalidRequestException($"The scope asks for more than this refresh token was granted ({State.Scope}).");
        }
        return OAuthScope.Format(names);
    }

    public async Task RevokeAsync(Caller caller)
    {
        EnsureExists();
        await RequireOwnerOrAdminAsync(caller);
        await RevokeCoreAsync(notifySubject: true);
        await audit.RecordAsync(AuditActions.TokenRevoked, caller, "token", GetPrimaryKeyString(), caller.AccountId,
            details: System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("subject", State.Subject!.ToString()));
    }

    public async Task RevokeBySubjectAsync(Subject subject)
    {
        if (token.RecordExists && State.Subject == subject)
        {
            // The subject's grain is waiting on this call, so it is not called back.
            await RevokeCoreAsync(notifySubject: false);
        }
    }

    public async Task RevokeAsPairAsync()
    {
        if (token.RecordExists && !State.Revoked)
        {
            State.Revoked = true;
            await token.WriteStateAsync();
            await NotifyWatchersAsync();
        }
    }

    public Task<CredentialWatch> WatchAsync(ICredentialObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (!token.RecordExists || State.Revoked || time.GetUtcNow() >= State.ExpiresAt)
        {
            return Task.FromResult(CredentialWatch.Ended);
        }
        (_watchers ??= new ObserverManager<ICredentialObserver>(CredentialWatch.Lifetime, time)).Subscribe(observer);
        return Task.FromResult(new CredentialWatch(true, State.ExpiresAt));
    }

    public Task UnwatchAsync(ICredentialObserver observer)
    {
        _watchers?.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>Closes the live channels holding this token; written state first, so a channel never closes for a revocation that did not happen.</summary>
    private async Task NotifyWatchersAsync()
    {
        if (_watchers is not { Count: > 0 } watchers)
        {
            return;
        }
        _watchers = null;
        var id = GetPrimaryKeyString();
        await watchers.NotifyAsync(o => o.OnCredentialRevokedAsync(id, "The token has been revoked."));
    }

    public async Task<TokenView> GetAsync(Caller caller)
    {
        EnsureExists();
        await RequireOwnerOrAdminAsync(caller);
        return new TokenView(GetPrimaryKeyString(), State.Kind, State.Subject!.ToString(), State.IssuedAt, State.ExpiresAt, State.Revoked, State.Scope, State.ClientId);
    }

    private AuthenticationFailure Check(string presented)
    {
        if (!token.RecordExists || !SecretDigest.Matches(presented, State.Digest))
        {
            return AuthenticationFailure.UnknownCredential;
        }
        if (State.Revoked)
        {
            return AuthenticationFailure.Revoked;
        }
        return time.GetUtcNow() >= State.ExpiresAt ? AuthenticationFailure.Expired : AuthenticationFailure.None;
    }

    /// <summary>
    /// Revokes this token, then its pair, then tells the subject's session list. Calls only go
    /// "outward" (pair, user) and those never call back into this grain, so no call cycle can form
    /// between non-reentrant grains.
    /// </summary>
    private async Task RevokeCoreAsync(bool notifySubject)
    {
        if (State.Revoked)
        {
            return;
        }
        State.Revoked = true;
        await token.WriteStateAsync();
        await NotifyWatchersAsync();
        if (State.PairedTokenId is { } paired)
        {
            await GrainFactory.GetGrain<IAccessTokenGrain>(paired).RevokeAsPairAsync();
        }
        if (notifySubject && State.Subject!.Kind is PrincipalKind.User or PrincipalKind.ApplicationUser)
        {
            await GrainFactory.GetGrain<IUserGrain>(State.Subject.Id).ForgetSessionAsync(GetPrimaryKeyString());
        }
    }

    /// <summary>The token's subject, a system administrator, or, for a device's token, whoever manages the device.</summary>
    private async Task RequireOwnerOrAdminAsync(Caller caller)
    {
        caller.RequireAuthenticated();
        var subject = State.Subject!;
        var isSubject = caller.Id == subject.Id && (caller.Kind == subject.Kind
            || (subject.Kind == PrincipalKind.ApplicationUser && caller.Kind == PrincipalKind.User));
        if (caller.IsSystemAdmin)
        {
            return;
        }
        if (isSubject)
        {
            // A narrowly scoped key of the same principal must not end its sessions.
            var needed = subject.Kind == PrincipalKind.Device ? Permissions.DevicesWrite : Permissions.ProfileWrite;
            if (!caller.Has(needed))
            {
                throw new AccessDeniedException($"Managing this token needs '{needed}'.");
            }
            return;
        }
        if (subject.Kind != PrincipalKind.Device || !await GrainFactory.GetGrain<IDeviceGrain>(subject.Id).CanManageCredentialsAsync(caller))
        {
            throw new AccessDeniedException("Only the token's owner or an administrator may see or revoke it.");
        }
    }

    private void EnsureExists()
    {
        if (!token.RecordExists)
        {
            throw new ResourceNotFoundException("No such token.");
        }
    }

    private ISubjectGrain SubjectGrain(Subject subject) => subject.Kind switch
    {
        PrincipalKind.User or PrincipalKind.ApplicationUser => GrainFactory.GetGrain<IUserGrain>(subject.Id),
        PrincipalKind.Device => GrainFactory.GetGrain<IDeviceGrain>(subject.Id),
        PrincipalKind.Application => GrainFactory.GetGrain<IApplicationGrain>(subject.Id),
        _ => throw new InvalidOperationException($"Tokens cannot stand for a {subject.Kind}."),
    };

    /// <summary>"all" (login, WoTKit's password grant) is the subject's whole authority; anything else is a space-separated permission list.</summary>
    internal static PermissionSet? ScopeToPermissions(string scope) =>
        string.IsNullOrWhiteSpace(scope) || scope == "all" ? null : PermissionSet.Of(scope.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
