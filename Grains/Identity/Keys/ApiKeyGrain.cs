using Gatehouse.Grains.Audit;
using System.Collections.Immutable;
using Gatehouse.Grains.Accounts;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Observers;
using Gatehouse.Runtime.Persistence;
using Microsoft.Extensions.Options;

namespace Gatehouse.Grains.Identity.Keys;

/// <summary>
/// One API key. Authentication is a SHA-256 and a constant-time compare (the secret has 256
/// random bits, so no KDF is needed), then one call to the owner for its current authority.
/// Usage figures are counted in memory and written every <see cref="IdentityOptions.KeyUsageFlushInterval"/>
/// and on deactivation, so a request costs no database write; a crash loses at most that interval
/// of usage figures, never a revocation (revocations are written before they are acknowledged).
/// </summary>
public sealed class ApiKeyGrain(
    [PersistentState("key")] IPersistentState<ApiKeyState> key,
    IAuditLog audit,
    IOptions<IdentityOptions> options,
    TimeProvider time) : Grain, IApiKeyGrain
{
    private ApiKeyState State => key.State;

    private bool _usageDirty;
    private IDisposable? _flushTimer;

    // Live channels holding this key, told when it is revoked. In memory only: see CredentialWatch.
    private ObserverManager<ICredentialObserver>? _watchers;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.KeyUsageFlushInterval;
        _flushTimer = RegisterGrainTimer(_ => FlushUsageAsync(), interval, interval);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _flushTimer?.Dispose();
        return FlushUsageAsync();
    }

    public async Task<ApiKeyView> InitializeAsync(ApiKeyRecord record)
    {
        if (key.RecordExists)
        {
            throw new ResourceConflictException("A key with this id already exists.");
        }
        key.State = new ApiKeyState
        {
            Kind = record.Kind,
            Name = record.Name,
            Owner = record.Owner,
            AccountId = record.AccountId,
            Scopes = record.Scopes,
            Elevated = record.Elevated,
            SecretDigest = record.SecretDigest,
            CreatedAt = record.CreatedAt,
            ExpiresAt = record.ExpiresAt,
            CreatedBy = record.CreatedBy,
        };
        await key.WriteStateAsync();
        var details = ImmutableDictionary<string, string>.Empty
            .Add("kind", record.Kind.ToString())
            .Add("owner", record.Owner.ToString())
            .Add("scopes", record.Scopes?.ToString() ?? "(owner's)");
        await audit.RecordAsync(record.Elevated ? AuditActions.KeyElevated : AuditActions.KeyCreated, record.Creator, "apikey", GetPrimaryKeyString(),
            record.AccountId, AuditOutcome.Succeeded, details: details);
        return View();
    }

    public async Task<AuthenticationResult> AuthenticateAsync(string secret, string? clientCertificate = null)
    {
        if (!key.RecordExists || !SecretDigest.Matches(secret, State.SecretDigest))
        {
            return AuthenticationResult.Fail(AuthenticationFailure.UnknownCredential);
        }
        if (State.Revoked)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.Revoked);
        }
        var now = time.GetUtcNow();
        if (State.ExpiresAt is { } expiresAt && now >= expiresAt)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.Expired);
        }
        var use = new CredentialUse(CredentialKind.ApiKey, GetPrimaryKeyString(), State.Kind, State.Scopes, State.Elevated, clientCertificate);
        var caller = await OwnerGrain().BuildCallerAsync(use);
        if (caller is null)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.Disabled);
        }
        State.UsageCount++;
        State.LastUsedAt = now;
        _usageDirty = true;
        return AuthenticationResult.Success(caller);
    }

    public async Task<ApiKeyView> GetAsync(Caller caller)
    {
        EnsureExists();
        await RequireOwnerOrAdministratorAsync(caller, Permissions.KeysRead);
        return View();
    }

    public async Task RevokeAsync(Caller caller)
    {
        EnsureExists();
        await RequireOwnerOrAdministratorAsync(caller, Permissions.KeysRevoke);
        await RevokeCoreAsync();
        await audit.RecordAsync(AuditActions.KeyRevoked, caller, "apikey", GetPrimaryKeyString(), State.AccountId);
    }

    public Task RevokeByOwnerAsync(string reason) => key.RecordExists ? RevokeCoreAsync() : Task.CompletedTask;

    private async Task RevokeCoreAsync()
    {
        if (State.Revoked)
        {
            return;
        }
        State.Revoked = true;
        _usageDirty = false;
        await key.WriteStateAsync();
        if (_watchers is { Count: > 0 } watchers)
        {
            _watchers = null;
            var id = GetPrimaryKeyString();
            await watchers.NotifyAsync(o => o.OnCredentialRevokedAsync(id, "The key has been revoked."));
        }
    }

    public Task<CredentialWatch> WatchAsync(ICredentialObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (!key.RecordExists || State.Revoked || (State.ExpiresAt is { } expiresAt && time.GetUtcNow() >= expiresAt))
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

    private async Task FlushUsageAsync()
    {
        if (!_usageDirty || !key.RecordExists)
        {
            return;
        }
        _usageDirty = false;
        await key.WriteStateAsync();
    }

    private async Task RequireOwnerOrAdministratorAsync(Caller caller, string permission)
    {
        caller.RequireAuthenticated();
        if (caller.IsSystemAdmin)
        {
            return;
        }
        var owner = State.Owner!;
        var isOwner = caller.Id == owner.Id && caller.Kind == owner.Kind;
        var isAccountAdmin = State.AccountId is not null && caller.HasInAccount(Permissions.OperatorsManage, State.AccountId);
        var isOwningApplication = owner.Kind == PrincipalKind.ApplicationUser && caller.Kind == PrincipalKind.Application
            && caller.KeyKind == ApiKeyKind.TrustedApplication && caller.Has(Permissions.AppUsersManage) && caller.AccountId == State.AccountId;
        // A device's keys are managed by whoever manages the device (its owner, above all).
        var managesDevice = owner.Kind == PrincipalKind.Device && !isOwner && !isAccountAdmin
            && await GrainFactory.GetGrain<IDeviceGrain>(owner.Id).CanManageCredentialsAsync(caller);
        if (!(isOwner || isAccountAdmin || isOwningApplication || managesDevice) || !caller.Has(permission))
        {
            throw new AccessDeniedException("Only the key's owner or an administrator may do this.");
        }
    }

    private ISubjectGrain OwnerGrain() => State.Owner!.Kind switch
    {
        PrincipalKind.User or PrincipalKind.ApplicationUser => GrainFactory.GetGrain<IUserGrain>(State.Owner.Id),
        PrincipalKind.Application => GrainFactory.GetGrain<IApplicationGrain>(State.Owner.Id),
        PrincipalKind.Device => GrainFactory.GetGrain<IDeviceGrain>(State.Owner.Id),
        _ => throw new InvalidOperationException($"A key cannot belong to a {State.Owner.Kind}."),
    };

    private void EnsureExists()
    {
        if (!key.RecordExists)
        {
            throw new ResourceNotFoundException("No such key.");
        }
    }

    private ApiKeyView View() => new(
        GetPrimaryKeyString(), State.Name, State.Kind, State.Owner!.ToString(), State.AccountId,
        State.Scopes is null ? [] : [.. State.Scopes.Names.Order(StringComparer.Ordinal)],
        State.Elevated, State.CreatedAt, State.ExpiresAt, State.Revoked, State.LastUsedAt, State.UsageCount);
}
