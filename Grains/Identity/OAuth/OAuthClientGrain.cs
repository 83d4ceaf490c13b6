using System.Collections.Immutable;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;

namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// One OAuth2 client. Authenticating it is a SHA-256 and a constant-time compare: its secret
/// carries 256 random bits, like an API key's. It never calls another grain, so token grains
/// may ask it on every request whether it is still active without any risk of a call cycle.
/// </summary>
public sealed class OAuthClientGrain(
    [PersistentState("client")] IPersistentState<OAuthClientState> client,
    IAuditLog audit,
    TimeProvider time) : Grain, IOAuthClientGrain
{
    private const int MaxRedirectUris = 10;

    private OAuthClientState State => client.State;

    public async Task<CreatedOAuthClient> RegisterAsync(Caller caller, OAuthClientSpec spec)
    {
        caller.RequireAuthenticated();
        if (caller.Kind is not (PrincipalKind.User or PrincipalKind.ApplicationUser))
        {
            throw new AccessDeniedException("OAuth2 clients are registered by users; the client then acts for whichever users authorize it.");
        }
        caller.Require(Permissions.ClientsManage);
        if (client.RecordExists)
        {
            throw new ResourceConflictException("A client with this id already exists.");
        }
        var name = spec.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100 || name.Any(char.IsControl))
        {
            throw new InvalidRequestException("A client needs a name of 1 to 100 characters, without control characters.");
        }
        if (spec.RedirectUris.IsDefaultOrEmpty || spec.RedirectUris.Length > MaxRedirectUris)
        {
            throw new InvalidRequestException($"A client registers 1 to {MaxRedirectUris} redirect URIs.");
        }
        foreach (var uri in spec.RedirectUris)
        {
            RedirectUriRules.Validate(uri);
        }
        var scopes = OAuthScope.Validate(spec.Scopes.IsDefault ? [] : spec.Scopes);
        if (scopes.IsEmpty)
        {
            throw new InvalidRequestException("A client lists the scopes it may ask for: permission names, or 'all'.");
        }

        string? secret = spec.Confidential ? SecretGenerator.NewToken() : null;
        client.State = new OAuthClientState
        {
            Name = name,
            OwnerId = caller.Id,
            AccountId = caller.AccountId,
            RedirectUris = [.. spec.RedirectUris.Distinct(StringComparer.Ordinal)],
            Scopes = [.. scopes],
            Confidential = spec.Confidential,
            SecretDigest = secret is null ? null : SecretDigest.Compute(secret),
            CreatedAt = time.GetUtcNow(),
        };
        await client.WriteStateAsync();
        await audit.RecordAsync(AuditActions.OAuthClientRegistered, caller, "oauthclient", GetPrimaryKeyString(), caller.AccountId,
            details: ImmutableDictionary<string, string>.Empty
                .Add("name", name)
                .Add("confidential", spec.Confidential ? "true" : "false")
                .Add("scopes", OAuthScope.Format(scopes))
                .Add("redirectUris", string.Join(' ', State.RedirectUris)));
        return new CreatedOAuthClient(View(), secret);
    }

    public Task<OAuthClientView> GetAsync(Caller caller)
    {
        RequireOwnerOrAdmin(caller);
        return Task.FromResult(View());
    }

    public async Task RevokeAsync(Caller caller)
    {
        RequireOwnerOrAdmin(caller);
        if (State.Revoked)
        {
            return;
        }
        State.Revoked = true;
        await client.WriteStateAsync();
        await audit.RecordAsync(AuditActions.OAuthClientRevoked, caller, "oauthclient", GetPrimaryKeyString(), State.AccountId);
    }

    public Task<AuthorizationRequestCheck> CheckAuthorizationRequestAsync(string? redirectUri, string? scope, bool hasCodeChallenge)
    {
        if (!client.RecordExists || State.Revoked)
        {
            return Task.FromResult(AuthorizationRequestCheck.NoRedirect("The application (client_id) is unknown or has been revoked."));
        }
        string target;
        if (redirectUri is null)
        {
            // §3.1.2.3: the parameter may be left out only when the client registered one URI.
            if (State.RedirectUris.Count != 1)
            {
                return Task.FromResult(AuthorizationRequestCheck.NoRedirect("The request has no redirect_uri, and the application registered several."));
            }
            target = State.RedirectUris[0];
        }
        else if (State.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
        {
            // §3.1.2.3 and RFC 6819 §5.2.3.5: exact string comparison, no prefix or pattern matching.
            target = redirectUri;
        }
        else
        {
            return Task.FromResult(AuthorizationRequestCheck.NoRedirect("The redirect_uri is not one the application registered."));
        }

        var allowed = State.Scopes.ToImmutableArray();
        ImmutableArray<string> requested;
        try
        {
            requested = OAuthScope.Parse(scope);
        }
        catch (InvalidRequestException exception)
        {
            return Task.FromResult(new AuthorizationRequestCheck(target, State.Name, [], "invalid_scope", exception.Message));
        }
        if (requested.IsEmpty)
        {
            // §3.3: a request without scope gets the client's pre-defined default, its registered list.
            requested = allowed;
        }
        if (!OAuthScope.Allows(allowed, requested))
        {
            return Task.FromResult(new AuthorizationRequestCheck(target, State.Name, [], "invalid_scope",
                $"The application may ask only for: {OAuthScope.Format(allowed)}."));
        }
        if (!State.Confidential && !hasCodeChallenge)
        {
            // RFC 7636 §1: a public client's code can be intercepted, and it has no secret to protect the exchange.
            return Task.FromResult(new AuthorizationRequestCheck(target, State.Name, [], "invalid_request",
                "This is a public application: PKCE is required (code_challenge with code_challenge_method=S256, RFC 7636)."));
        }
        return Task.FromResult(new AuthorizationRequestCheck(target, State.Name, requested));
    }

    public Task<OAuthClientView?> AuthenticateClientAsync(string? secret)
    {
        if (!client.RecordExists || State.Revoked)
        {
            return Task.FromResult<OAuthClientView?>(null);
        }
        var authenticated = State.SecretDigest is { } digest
            ? !string.IsNullOrEmpty(secret) && SecretDigest.Matches(secret, digest)
            // A public client has no secret (RFC 6749 §2.1); one presenting a secret is confused or lying.
            : string.IsNullOrEmpty(secret);
        return Task.FromResult(authenticated ? View() : null);
    }

    public Task<bool> IsActiveAsync() => Task.FromResult(client.RecordExists && !State.Revoked);

    public Task<string?> GetActiveNameAsync() => Task.FromResult(client.RecordExists && !State.Revoked ? State.Name : null);

    private void RequireOwnerOrAdmin(Caller caller)
    {
        caller.RequireAuthenticated();
        if (!client.RecordExists)
        {
            throw new ResourceNotFoundException("No such OAuth2 client.");
        }
        if (caller.IsSystemAdmin)
        {
            return;
        }
        if (caller.Id != State.OwnerId || caller.Kind is not (PrincipalKind.User or PrincipalKind.ApplicationUser))
        {
            throw new AccessDeniedException("Only the client's owner or a system administrator may see or revoke it.");
        }
        caller.Require(Permissions.ClientsManage);
    }

    private OAuthClientView View() => new(
        GetPrimaryKeyString(), State.Name, State.OwnerId, [.. State.RedirectUris], [.. State.Scopes], State.Confidential, State.CreatedAt, State.Revoked);
}
