using System.Collections.Immutable;
using System.Globalization;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Identity.OAuth;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Identity.Users;

/// <summary>
/// OAuth2 for this user: the consent page's login (password, then a second factor when enrolled),
/// authorization codes, the password grant and the sessions issued to clients. What a client gets
/// is decided here, by the user's grain: the scope the user chose, narrowed to what the user may
/// do at that moment; and every request with the token narrows again (<see cref="BuildCallerAsync"/>),
/// so a later loss of authority applies to the client too.
/// </summary>
public sealed partial class UserGrain
{
    /// <summary>RFC 6749 §4.1.2 recommends at most ten minutes for an authorization code.</summary>
    private static readonly TimeSpan AuthorizationCodeLifetime = TimeSpan.FromMinutes(10);

    public async Task<ConsentResult> ConsentAsync(LoginAttempt attempt, AuthorizationGrant grant)
    {
        var check = await CheckPasswordAsync(attempt);
        if (check.Failure != AuthenticationFailure.None)
        {
            await AuditPasswordFailureAsync(AuditActions.LoginFailed, check.Failure, attempt.SourceAddress);
            return check.Failure == AuthenticationFailure.LockedOut
                ? new ConsentResult(LoginStatus.LockedOut, RetryAfter: check.RetryAfter)
                : ConsentResult.Failed;
        }
        if (SecondFactorEnabled)
        {
            var challenge = await OpenSecondFactorChallengeAsync(attempt);
            return new ConsentResult(LoginStatus.SecondFactorRequired, UserId: GetPrimaryKeyString(),
                ChallengeToken: challenge.ChallengeToken, SecondFactors: challenge.SecondFactors);
        }
        return await IssueCodeAsync(grant, attempt.SourceAddress);
    }

    public async Task<ConsentResult> CompleteConsentSecondFactorAsync(string challengeToken, string code, string? sourceAddress, AuthorizationGrant grant)
    {
        if (await VerifySecondFactorAsync(challengeToken, code, sourceAddress) is { } failure)
        {
            return new ConsentResult(failure.Status, RetryAfter: failure.RetryAfter);
        }
        return await IssueCodeAsync(grant, sourceAddress);
    }

    public async Task<GrantResult> PasswordGrantAsync(LoginAttempt attempt)
    {
        var check = await CheckPasswordAsync(attempt);
        if (check.Failure != AuthenticationFailure.None)
        {
            await AuditPasswordFailureAsync(AuditActions.LoginFailed, check.Failure, attempt.SourceAddress);
            return check.Failure == AuthenticationFailure.LockedOut
                ? GrantResult.InvalidGrant($"Too many failed logins; retry in {Math.Ceiling(check.RetryAfter?.TotalSeconds ?? 60).ToString(CultureInfo.InvariantCulture)} seconds.")
                : GrantResult.InvalidGrant("The username or password is wrong.");
        }
        if (SecondFactorEnabled)
        {
            // The grant has no place for a one-time code; issuing on the password alone would
            // bypass the second factor. The consent page (authorization code grant) asks for it.
            await AuditPasswordFailureAsync(AuditActions.LoginFailed, AuthenticationFailure.SecondFactorRequired, attempt.SourceAddress);
            return GrantResult.InvalidGrant(
                "This account uses two-factor login, which the password grant cannot carry. Use the authorization code grant (GET /api/oauth/authorize), where the user enters the one-time code.");
        }
        if (await NarrowScopeAsync(attempt.Scope) is not { } scope)
        {
            return GrantResult.Fail("invalid_scope", "The user holds none of the requested permissions.");
        }
        var tokens = await StartSessionAsync(scope, attempt.ClientId);
        await audit.RecordAsync(AuditActions.LoginSucceeded, SelfActor(CredentialKind.Password), "user", GetPrimaryKeyString(), State.AccountId, AuditOutcome.Succeeded, attempt.SourceAddress,
            ImmutableDictionary<string, string>.Empty
                .Add("accessTokenId", tokens.Access.TokenId)
                .Add("grant", "password")
                .Add("clientId", attempt.ClientId ?? "")
                .Add("scope", scope));
        return GrantResult.Success(tokens, GetPrimaryKeyString());
    }

    public async Task<TokenPair?> IssueClientSessionAsync(string clientId, string scope, string grantId)
    {
        if (!user.RecordExists || State.Disabled)
        {
            return null;
        }
        var tokens = await StartSessionAsync(scope, clientId, grantId);
        await audit.RecordAsync(AuditActions.TokenIssued, SelfActor(CredentialKind.None), "token", tokens.Access.TokenId, State.AccountId, AuditOutcome.Succeeded,
            details: ImmutableDictionary<string, string>.Empty.Add("grant", "authorization_code").Add("clientId", clientId).Add("scope", scope));
        return tokens;
    }

    public async Task RevokeGrantAsync(string grantId)
    {
        var sessions = State.Sessions.Where(s => s.GrantId == grantId).ToList();
        if (sessions.Count == 0)
        {
            return;
        }
        State.Sessions.RemoveAll(s => s.GrantId == grantId);
        await user.WriteStateAsync();
        await Task.WhenAll(sessions.Select(s => GrainFactory.GetGrain<IAccessTokenGrain>(s.AccessTokenId).RevokeBySubjectAsync(Self)));
    }

    public async Task<ImmutableArray<ClientAuthorizationView>> ListClientAuthorizationsAsync(Caller caller)
    {
        EnsureExists();
        caller.RequireSelf(Self.Kind, GetPrimaryKeyString(), Permissions.ProfileRead);
        var now = time.GetUtcNow();
        var views = new List<ClientAuthorizationView>();
        foreach (var client in State.Sessions.Where(s => s.ClientId is not null && s.ExpiresAt > now).GroupBy(s => s.ClientId!))
        {
            // A revoked client's tokens no longer work; it has nothing left to withdraw.
            if (await GrainFactory.GetGrain<IOAuthClientGrain>(client.Key).GetActiveNameAsync() is { } name)
            {
                var latest = client.MaxBy(s => s.ExpiresAt)!;
                views.Add(new ClientAuthorizationView(client.Key, name, latest.Scope ?? OAuthScope.All, client.Count(), latest.ExpiresAt));
            }
        }
        return [.. views.OrderBy(v => v.ClientId, StringComparer.Ordinal)];
    }

    public async Task RevokeClientAuthorizationAsync(Caller caller, string clientId)
    {
        EnsureExists();
        caller.RequireSelf(Self.Kind, GetPrimaryKeyString(), Permissions.ProfileWrite);
        var sessions = State.Sessions.Where(s => s.ClientId == clientId).ToList();
        if (sessions.Count > 0)
        {
            State.Sessions.RemoveAll(s => s.ClientId == clientId);
            await user.WriteStateAsync();
            await Task.WhenAll(sessions.Select(s => GrainFactory.GetGrain<IAccessTokenGrain>(s.AccessTokenId).RevokeBySubjectAsync(Self)));
        }
        await audit.RecordAsync(AuditActions.TokenRevoked, caller, "oauthclient", clientId, State.AccountId,
            details: ImmutableDictionary<string, string>.Empty.Add("userId", GetPrimaryKeyString()).Add("sessions", sessions.Count.ToString(CultureInfo.InvariantCulture)));
    }

    private async Task<ConsentResult> IssueCodeAsync(AuthorizationGrant grant, string? sourceAddress)
    {
        if (await NarrowScopeAsync(grant.Scope) is not { } scope)
        {
            return new ConsentResult(LoginStatus.Failed, Problem: "You hold none of the permissions you chose, so there is nothing to share.");
        }
        var code = SecretGenerator.NewToken();
        var digest = SecretDigest.Compute(code);
        var now = time.GetUtcNow();
        var granted = grant with { Scope = scope };
        await GrainFactory.GetGrain<IAuthorizationCodeGrain>(SecretDigest.LookupKey(digest))
            .IssueAsync(new AuthorizationCodeRecord(granted, Self, digest, now, now + AuthorizationCodeLifetime));
        await audit.RecordAsync(AuditActions.OAuthConsentGranted, SelfActor(CredentialKind.Password), "oauthclient", grant.ClientId, State.AccountId, AuditOutcome.Succeeded, sourceAddress,
            ImmutableDictionary<string, string>.Empty.Add("scope", scope).Add("redirectUri", grant.RedirectUri).Add("userId", GetPrimaryKeyString()));
        return new ConsentResult(LoginStatus.Succeeded, code, scope, GetPrimaryKeyString());
    }

    /// <summary>
    /// <c>all</c> stays <c>all</c> (checked at every request); a list keeps the names this user
    /// holds now. Null when none is left: an empty scope must never be issued, since a token
    /// without a scope list would carry the user's whole authority.
    /// </summary>
    private async Task<string?> NarrowScopeAsync(string scope)
    {
        var requested = OAuthScope.Parse(scope);
        if (OAuthScope.IsAll(requested))
        {
            return OAuthScope.All;
        }
        var caller = await BuildCallerAsync(new CredentialUse(CredentialKind.Password, GetPrimaryKeyString()));
        var granted = caller is null ? [] : requested.Where(caller.Has).ToList();
        return granted.Count == 0 ? null : OAuthScope.Format(granted);
    }
}
