using Gatehouse.Grains.Audit;
using System.Collections.Immutable;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;

namespace Gatehouse.Grains.Registration;

/// <summary>
/// An RFCx temporary token. It acts as its creator, so resource grains see the creator's identity
/// and ownership, narrowed to the token's scopes; the caller carries the token's endpoint list,
/// and each authentication spends one use, written before the request goes on.
/// </summary>
public sealed class TemporaryTokenGrain(
    [PersistentState("temporary-token")] IPersistentState<TemporaryTokenState> token,
    IAuditLog audit,
    TimeProvider time) : Grain, ITemporaryTokenGrain
{
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(1);

    private TemporaryTokenState State => token.State;

    public async Task<CreatedTemporaryToken> CreateAsync(Caller caller, ImmutableArray<string> endpoints, ImmutableArray<string> scopes, int uses, TimeSpan lifetime)
    {
        caller.Require(Permissions.TokensCreate);
        if (caller.Kind is not (PrincipalKind.User or PrincipalKind.ApplicationUser))
        {
            throw new AccessDeniedException("Temporary tokens act for a user, so only users may create them.");
        }
        if (caller.Credential == CredentialKind.TemporaryToken)
        {
            throw new AccessDeniedException("A temporary token cannot create another.");
        }
        if (token.RecordExists)
        {
            throw new ResourceConflictException("This temporary token already exists.");
        }
        if (endpoints.IsDefaultOrEmpty || endpoints.Any(string.IsNullOrWhiteSpace))
        {
            throw new InvalidRequestException("A temporary token must name the endpoints it may call.");
        }
        if (uses is < 1 or > 1_000)
        {
            throw new InvalidRequestException("A temporary token allows 1 to 1,000 uses.");
        }
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw new InvalidRequestException("A temporary token lives for up to 24 hours.");
        }
        PermissionSet? narrowed = scopes.IsDefaultOrEmpty ? null : PermissionSet.Of(scopes);
        if (narrowed is not null && !caller.IsSystemAdmin && !caller.Permissions.Covers(narrowed))
        {
            throw new AccessDeniedException("A temporary token cannot hold permissions its creator does not have.");
        }
        var secret = SecretGenerator.NewToken();
        var now = time.GetUtcNow();
        token.State = new TemporaryTokenState
        {
            Digest = SecretDigest.Compute(secret),
            Creator = new Subject(caller.Kind, caller.Id),
            Scopes = narrowed ?? caller.Permissions,
            Endpoints = [.. endpoints.Distinct(StringComparer.Ordinal)],
            UsesLeft = uses,
            ExpiresAt = now + lifetime,
            CreatedAt = now,
        };
        await token.WriteStateAsync();
        await audit.RecordAsync(AuditActions.TemporaryTokenCreated, caller, "temptoken", GetPrimaryKeyString(), caller.AccountId,
            details: ImmutableDictionary<string, string>.Empty.Add("endpoints", string.Join(' ', State.Endpoints)));
        return new CreatedTemporaryToken(GetPrimaryKeyString(), secret, [.. State.Endpoints], uses, State.ExpiresAt);
    }

    public async Task<AuthenticationResult> AuthenticateAsync(string presented, string endpoint)
    {
        if (!token.RecordExists || !SecretDigest.Matches(presented, State.Digest))
        {
            return AuthenticationResult.Fail(AuthenticationFailure.UnknownCredential);
        }
        var failure = State switch
        {
            { Revoked: true } => AuthenticationFailure.Revoked,
            _ when time.GetUtcNow() >= State.ExpiresAt => AuthenticationFailure.Expired,
            { UsesLeft: <= 0 } => AuthenticationFailure.UsedUp,
            _ when !State.Endpoints.Contains(endpoint, StringComparer.Ordinal) => AuthenticationFailure.EndpointNotAllowed,
            _ => AuthenticationFailure.None,
        };
        if (failure != AuthenticationFailure.None)
        {
            return AuthenticationResult.Fail(failure);
        }
        var use = new CredentialUse(CredentialKind.TemporaryToken, GetPrimaryKeyString(), Scopes: State.Scopes);
        var caller = await GrainFactory.GetGrain<IUserGrain>(State.Creator!.Id).BuildCallerAsync(use);
        if (caller is null)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.Disabled);
        }
        State.UsesLeft--;
        await token.WriteStateAsync();
        return AuthenticationResult.Success(caller with { AllowedEndpoints = [.. State.Endpoints] });
    }

    public async Task RevokeAsync(Caller caller)
    {
        if (!token.RecordExists)
        {
            throw new ResourceNotFoundException("No such temporary token.");
        }
        caller.RequireAuthenticated();
        if (!(caller.Id == State.Creator!.Id && caller.Kind == State.Creator.Kind) && !caller.IsSystemAdmin)
        {
            throw new AccessDeniedException("Only the token's creator or an administrator may revoke it.");
        }
        State.Revoked = true;
        await token.WriteStateAsync();
        await audit.RecordAsync(AuditActions.TemporaryTokenRevoked, caller, "temptoken", GetPrimaryKeyString(), caller.AccountId);
    }
}
