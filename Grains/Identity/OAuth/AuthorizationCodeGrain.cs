using System.Collections.Immutable;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;

namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// One authorization code. Its turns are single-threaded, so of two concurrent redemptions one
/// wins and the other is a replay. Calls go outward only (code → user → tokens), and the user's
/// grain calls a code grain only to issue a new one, so no call cycle can form.
/// </summary>
public sealed class AuthorizationCodeGrain(
    [PersistentState("code")] IPersistentState<AuthorizationCodeState> code,
    IAuditLog audit,
    TimeProvider time) : Grain, IAuthorizationCodeGrain
{
    private const string Unknown = "The authorization code is unknown, expired or already used.";

    private AuthorizationCodeState State => code.State;

    public async Task IssueAsync(AuthorizationCodeRecord record)
    {
        if (code.RecordExists)
        {
            throw new ResourceConflictException("An authorization code with this lookup key already exists.");
        }
        code.State = new AuthorizationCodeState
        {
            Grant = record.Grant,
            Subject = record.Subject,
            Digest = record.Digest,
            IssuedAt = record.IssuedAt,
            ExpiresAt = record.ExpiresAt,
        };
        await code.WriteStateAsync();
    }

    public async Task<GrantResult> RedeemAsync(CodeExchange exchange)
    {
        if (!code.RecordExists || !SecretDigest.Matches(exchange.Code, State.Digest))
        {
            return GrantResult.InvalidGrant(Unknown);
        }
        var grant = State.Grant!;
        var subject = State.Subject!;
        if (State.Redeemed)
        {
            // §4.1.2: a code used twice MUST be refused and SHOULD revoke the tokens issued from
            // it: one of the two presenters stole it, and we cannot tell which (§10.5).
            await GrainFactory.GetGrain<IUserGrain>(subject.Id).RevokeGrantAsync(GetPrimaryKeyString());
            await audit.RecordAsync(AuditActions.OAuthCodeReused, AuditActor.Claimed(Security.CredentialKind.None, exchange.ClientId), "oauthclient", grant.ClientId, null,
                AuditOutcome.Failed, details: ImmutableDictionary<string, string>.Empty.Add("userId", subject.Id).Add("grantId", GetPrimaryKeyString()));
            return GrantResult.InvalidGrant("The authorization code was already used; the tokens issued from it have been revoked.");
        }
        if (time.GetUtcNow() >= State.ExpiresAt)
        {
            return GrantResult.InvalidGrant(Unknown);
        }
        if (!string.Equals(exchange.ClientId, grant.ClientId, StringComparison.Ordinal))
        {
            // §4.1.3: the code must have been issued to the client that authenticated.
            return GrantResult.InvalidGrant("The authorization code was issued to another client.");
        }
        if (!RedirectUriMatches(exchange.RedirectUri, grant))
        {
            return GrantResult.InvalidGrant("The redirect_uri differs from the one in the authorization request.");
        }
        if (grant.CodeChallenge is { } challenge)
        {
            if (!Pkce.Verify(exchange.CodeVerifier, challenge))
            {
                return GrantResult.InvalidGrant("The code_verifier does not match the code_challenge (RFC 7636 §4.6).");
            }
        }
        else if (exchange.CodeVerifier is not null)
        {
            // A verifier for a code issued without a challenge means the authorization request was
            // not the one the client made (a PKCE downgrade); refuse rather than ignore it.
            return GrantResult.InvalidGrant("A code_verifier was sent, but the authorization request had no code_challenge.");
        }

        // Marked used before tokens exist: if issuing fails, the code is spent rather than reusable.
        State.Redeemed = true;
        await code.WriteStateAsync();
        var tokens = await GrainFactory.GetGrain<IUserGrain>(subject.Id).IssueClientSessionAsync(grant.ClientId, grant.Scope, GetPrimaryKeyString());
        return tokens is null
            ? GrantResult.InvalidGrant("The user who authorized this code is disabled or no longer exists.")
            : GrantResult.Success(tokens, subject.Id);
    }

    /// <summary>
    /// §4.1.3: redirect_uri is REQUIRED when the authorization request included it, and then must
    /// be identical. When the request left it out (one registered URI), it may be left out here too.
    /// </summary>
    private static bool RedirectUriMatches(string? presented, AuthorizationGrant grant) =>
        presented is null
            ? !grant.RedirectUriGiven
            : string.Equals(presented, grant.RedirectUri, StringComparison.Ordinal);
}
