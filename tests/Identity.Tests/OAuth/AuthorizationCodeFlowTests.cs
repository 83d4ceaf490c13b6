using System.Net;
using Gatehouse.Grains.Identity.TwoFactor;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.OAuth;

/// <summary>
/// The authorization code grant over HTTP, as a browser and a client application drive it: the
/// consent page, the user's choice of scopes (IoT Open), the redirect with code and state, the
/// exchange, and what the token may then do (RFC 6749 §4.1).
/// </summary>
public sealed class AuthorizationCodeFlowTests
{
    private const string Requested = "devices:read profile:read audit:read";

    /// <summary>
    /// The user unticks profile:read; the client also asked for audit:read, which a plain user
    /// does not hold. The token may do exactly what was chosen and the user holds: devices:read.
    /// </summary>
    [Fact]
    public async Task EndToEnd_TheTokenHoldsExactlyTheChosenScopesTheUserHas_AndReplayingTheCodeRevokesIt()
    {
        await using var host = await GatewayHost.StartAsync();
        using var oauth = new OAuthDriver(host);
        var (userId, owner) = await oauth.CreateUserAsync("alice");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read", "profile:read", "audit:read", "messages:read"]);

        var form = await oauth.OpenConsentPageAsync(client, Requested, state: "s-123");
        Assert.Equal([("devices:read", true), ("profile:read", true), ("audit:read", true)], form.Scopes);
        Assert.Contains("Weather dashboard", form.Html, StringComparison.Ordinal);
        Assert.Contains("Read devices.", form.Html, StringComparison.Ordinal);

        using var allowed = await oauth.AllowAsync(form, "alice", ["devices:read", "audit:read"]);
        var redirect = OAuthDriver.ExpectRedirect(allowed, client.RedirectUri);
        Assert.Equal("s-123", redirect["state"]);
        Assert.Equal(["code", "state"], redirect.Keys.Order(StringComparer.Ordinal));

        var tokens = (await oauth.ExchangeAsync(client, redirect["code"])).ExpectTokens();
        Assert.Equal("devices:read", tokens.Scope);
        Assert.Equal(["devices:read"], await oauth.PermissionsAsync(tokens.AccessToken));
        var me = await oauth.Api.MeAsync(Present.Bearer(tokens.AccessToken));
        Assert.Equal(userId, me.GetProperty("id").GetString());
        // Scoped away from profile:read, the token may not read its own user.
        await oauth.Api.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, $"/v1/users/{userId}", Present.Bearer(tokens.AccessToken));

        var replay = await oauth.ExchangeAsync(client, redirect["code"]);
        replay.ExpectError(HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal(HttpStatusCode.Unauthorized, await oauth.Api.MeStatusAsync(Present.Bearer(tokens.AccessToken)));
        (await oauth.RefreshAsync(client, tokens.RefreshToken)).ExpectError(HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task ThePage_IsLockedDown_AndTicksEveryRequestedScope()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("page.owner");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read", "messages:read"], name: "<b>Evil</b> & co");

        using var response = await oauth.GetAuthorizeAsync(client, scope: null);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self' http://127.0.0.1:9", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        // No scope asked for: the client's registered scopes, all ticked (§3.3).
        var form = ConsentForm.Parse(html);
        Assert.Equal([("devices:read", true), ("messages:read", true)], form.Scopes);
        Assert.DoesNotContain("<b>Evil</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Deny_RedirectsWithAccessDenied_AndTheState()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("denier");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read"]);
        var form = await oauth.OpenConsentPageAsync(client, "devices:read", state: "deny-state");

        using var response = await oauth.PostConsentAsync([("form_token", form.FormToken), ("decision", "deny")]);

        var redirect = OAuthDriver.ExpectRedirect(response, client.RedirectUri);
        Assert.Equal("access_denied", redirect["error"]);
        Assert.Equal("deny-state", redirect["state"]);
        Assert.False(redirect.ContainsKey("code"));
    }

    /// <summary>RFC 6749 §4.1.2.1 and §10.15: a redirect URI the client did not register gets a page, never a redirect.</summary>
    [Theory]
    [InlineData("https://attacker.example/cb")]
    [InlineData("http://127.0.0.1:9/callback/../evil")]
    [InlineData("http://127.0.0.1:9/callbackx")]
    [InlineData("http://127.0.0.1:9/callback?x=1")]
    [InlineData("HTTP://127.0.0.1:9/callback")]
    public async Task AnUnregisteredRedirectUri_NeverRedirects(string redirectUri)
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("redirect.owner");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read"]);

        // Also with response_type wrong, which would otherwise be reported by a redirect.
        using var response = await oauth.GetAuthorizeAsync(("response_type", "token"), ("client_id", client.ClientId), ("redirect_uri", redirectUri), ("state", "s"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("redirect_uri", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownClient_GetsAnErrorPage_NotARedirect()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);

        using var unknown = await oauth.GetAuthorizeAsync(("response_type", "code"), ("client_id", new string('c', 32)), ("redirect_uri", OAuthDriver.RedirectUri));
        using var malformed = await oauth.GetAuthorizeAsync(("response_type", "code"), ("client_id", "not-a-client"), ("redirect_uri", OAuthDriver.RedirectUri));

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Null(unknown.Headers.Location);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Null(malformed.Headers.Location);
    }

    /// <summary>Once the redirect URI is trusted, the request's own faults go back to the client (§4.1.2.1).</summary>
    [Theory]
    [InlineData("token", "devices:read", "unsupported_response_type")]
    [InlineData(null, "devices:read", "invalid_request")]
    [InlineData("code", "audit:read", "invalid_scope")]
    [InlineData("code", "devices:*", "invalid_scope")]
    public async Task ABadRequestFromAKnownClient_IsRedirectedBackWithTheError(string? responseType, string scope, string error)
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("error.owner");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read"]);

        using var response = await oauth.GetAuthorizeAsync(("response_type", responseType), ("client_id", client.ClientId), ("redirect_uri", client.RedirectUri), ("scope", scope), ("state", "e-state"));

        var redirect = OAuthDriver.ExpectRedirect(response, client.RedirectUri);
        Assert.Equal(error, redirect["error"]);
        Assert.Equal("e-state", redirect["state"]);
    }

    [Fact]
    public async Task AWrongPassword_ShowsThePageAgain_AndAFormTokenWorksOnce()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("typo.user");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read", "messages:read"]);
        var form = await oauth.OpenConsentPageAsync(client, "devices:read messages:read");

        using var wrong = await oauth.AllowAsync(form, "typo.user", ["messages:read"], password: "not-the-password");
        var again = ConsentForm.Parse(await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("username or password is wrong", again.Html, StringComparison.Ordinal);
        Assert.Equal([("devices:read", false), ("messages:read", true)], again.Scopes);
        Assert.NotEqual(form.FormToken, again.FormToken);

        using var reused = await oauth.AllowAsync(form, "typo.user", ["messages:read"]);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Null(reused.Headers.Location);
        Assert.Contains("expired or was already submitted", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var right = await oauth.AllowAsync(again, "typo.user", ["messages:read"]);
        OAuthDriver.ExpectRedirect(right, client.RedirectUri);
    }

    [Fact]
    public async Task APostWithoutALiveFormToken_IsRefused_WithoutARedirect()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("csrf.user");
        await oauth.RegisterClientAsync(owner, ["devices:read"]);

        using var forged = await oauth.PostConsentAsync([("form_token", new string('f', 64)), ("username", "csrf.user"), ("password", OAuthDriver.Password), ("scope", "devices:read"), ("decision", "allow")]);
        using var missing = await oauth.PostConsentAsync([("username", "csrf.user"), ("password", OAuthDriver.Password), ("decision", "allow")]);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(forged.Headers.Location);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Null(missing.Headers.Location);
    }

    [Fact]
    public async Task AFormToken_ExpiresAfterTenMinutes()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("slow.user");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read"]);
        var form = await oauth.OpenConsentPageAsync(client, "devices:read");

        host.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        using var late = await oauth.AllowAsync(form, "slow.user", ["devices:read"]);

        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Null(late.Headers.Location);
    }

    [Fact]
    public async Task ACode_ExpiresAfterTenMinutes_AndIsBoundToItsClientAndRedirectUri()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("bound.user");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read"], redirectUris: [OAuthDriver.RedirectUri, "http://127.0.0.1:9/other"]);
        var other = await oauth.RegisterClientAsync(owner, ["devices:read"]);

        var code = await oauth.AuthorizeAsync(client, "bound.user", "devices:read", ["devices:read"]);
        (await oauth.ExchangeAsync(other, code)).ExpectError(HttpStatusCode.BadRequest, "invalid_grant");
        (await oauth.ExchangeAsync(client, code, redirectUri: "http://127.0.0.1:9/other")).ExpectError(HttpStatusCode.BadRequest, "invalid_grant");
        (await oauth.TokenAsync([("grant_type", "authorization_code"), ("code", code), ("client_id", client.ClientId), ("client_secret", client.ClientSecret)]))
            .ExpectError(HttpStatusCode.BadRequest, "invalid_grant");
        (await oauth.ExchangeAsync(client, code)).ExpectTokens();

        var late = await oauth.AuthorizeAsync(client, "bound.user", "devices:read", ["devices:read"]);
        host.Time.Advance(TimeSpan.FromMinutes(10));
        (await oauth.ExchangeAsync(client, late)).ExpectError(HttpStatusCode.BadRequest, "invalid_grant");
    }

    /// <summary>RFC 7636: a public client must send a challenge, and only the matching verifier redeems the code.</summary>
    [Fact]
    public async Task Pkce_APublicClientNeedsAChallenge_AndOnlyTheRightVerifierRedeems()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("pkce.user");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read"], confidential: false);

        using var noChallenge = await oauth.GetAuthorizeAsync(client, "devices:read");
        Assert.Equal("invalid_request", OAuthDriver.ExpectRedirect(noChallenge, client.RedirectUri)["error"]);
        using var plain = await oauth.GetAuthorizeAsync(("response_type", "code"), ("client_id", client.ClientId), ("redirect_uri", client.RedirectUri),
            ("code_challenge", OAuthDriver.NewPkce().Challenge), ("code_challenge_method", "plain"));
        Assert.Equal("invalid_request", OAuthDriver.ExpectRedirect(plain, client.RedirectUri)["error"]);

        var (verifier, challenge) = OAuthDriver.NewPkce();
        var code = await oauth.AuthorizeAsync(client, "pkce.user", "devices:read", ["devices:read"], challenge);

        (await oauth.ExchangeAsync(client, code)).ExpectError(HttpStatusCode.BadRequest, "invalid_grant");
        (await oauth.ExchangeAsync(client, code, codeVerifier: OAuthDriver.NewPkce().Verifier)).ExpectError(HttpStatusCode.BadRequest, "invalid_grant");
        var tokens = (await oauth.ExchangeAsync(client, code, codeVerifier: verifier)).ExpectTokens();
        Assert.Equal(["devices:read"], await oauth.PermissionsAsync(tokens.AccessToken));
    }

    [Fact]
    public async Task Pkce_AVerifierForACodeIssuedWithoutAChallenge_IsRefused()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("downgrade.user");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read"]);
        var code = await oauth.AuthorizeAsync(client, "downgrade.user", "devices:read", ["devices:read"]);

        (await oauth.ExchangeAsync(client, code, codeVerifier: OAuthDriver.NewPkce().Verifier)).ExpectError(HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Refresh_KeepsTheScope_RotatesThePair_AndBelongsToItsClientOnly()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("refresh.user");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read", "profile:read"]);
        var other = await oauth.RegisterClientAsync(owner, ["all"]);
        var code = await oauth.AuthorizeAsync(client, "refresh.user", "devices:read profile:read", ["devices:read", "profile:read"]);
        var first = (await oauth.ExchangeAsync(client, code)).ExpectTokens();

        (await oauth.RefreshAsync(other, first.RefreshToken)).ExpectError(HttpStatusCode.BadRequest, "invalid_grant");
        // A client's refresh token is not a login session's: /v1/auth/refresh refuses it.
        await oauth.Api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/v1/auth/refresh", json: new { refreshToken = first.RefreshToken });
        // Asking for more than was granted is refused before the refresh token is spent.
        (await oauth.RefreshAsync(client, first.RefreshToken, scope: "devices:read messages:read")).ExpectError(HttpStatusCode.BadRequest, "invalid_scope");

        var second = (await oauth.RefreshAsync(client, first.RefreshToken)).ExpectTokens();
        Assert.Equal("devices:read profile:read", second.Scope);
        Assert.Equal(["devices:read", "profile:read"], await oauth.PermissionsAsync(second.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await oauth.Api.MeStatusAsync(Present.Bearer(first.AccessToken)));
        (await oauth.RefreshAsync(client, first.RefreshToken)).ExpectError(HttpStatusCode.BadRequest, "invalid_grant");

        var narrowed = (await oauth.RefreshAsync(client, second.RefreshToken, scope: "profile:read")).ExpectTokens();
        Assert.Equal(["profile:read"], await oauth.PermissionsAsync(narrowed.AccessToken));

        // Replaying the code revokes what descends from it, refreshed tokens included (§4.1.2).
        (await oauth.ExchangeAsync(client, code)).ExpectError(HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal(HttpStatusCode.Unauthorized, await oauth.Api.MeStatusAsync(Present.Bearer(narrowed.AccessToken)));
    }

    /// <summary>Tokens issued to a client are checked against the client on every use.</summary>
    [Fact]
    public async Task RevokingTheClient_EndsItsTokensAtOnce()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("revoke.user");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read"]);
        var tokens = (await oauth.ExchangeAsync(client, await oauth.AuthorizeAsync(client, "revoke.user", "devices:read", ["devices:read"]))).ExpectTokens();
        Assert.Equal(HttpStatusCode.OK, await oauth.Api.MeStatusAsync(Present.Bearer(tokens.AccessToken)));

        await oauth.Api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/oauth/clients/{client.ClientId}", owner);

        Assert.Equal(HttpStatusCode.Unauthorized, await oauth.Api.MeStatusAsync(Present.Bearer(tokens.AccessToken)));
        (await oauth.RefreshAsync(client, tokens.RefreshToken)).ExpectError(HttpStatusCode.Unauthorized, "invalid_client");
    }

    /// <summary>A two-factor user gives the one-time code on a second page; the choice made on the first is kept.</summary>
    [Fact]
    public async Task ATwoFactorUser_FinishesOnASecondPage_WithTheirTotpCode()
    {
        await using var host = await GatewayHost.StartAsync();
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("mfa.consent");
        var enrollment = await oauth.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/v1/me/2fa/totp", owner);
        var seed = Base32.Decode(enrollment.GetProperty("secret").GetString()!);
        await oauth.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/v1/me/2fa/totp/confirm", owner, new { code = Totp.Default.ComputeCode(seed, host.Time.GetUtcNow()) });
        host.Time.Advance(TimeSpan.FromSeconds(30));
        var client = await oauth.RegisterClientAsync(owner, ["devices:read", "messages:read"]);

        var page = await oauth.OpenConsentPageAsync(client, "devices:read messages:read", state: "mfa-state");
        using var step1 = await oauth.AllowAsync(page, "mfa.consent", ["messages:read"]);
        Assert.Equal(HttpStatusCode.OK, step1.StatusCode);
        var step2 = ConsentForm.Parse(await step1.Content.ReadAsStringAsync());
        Assert.StartsWith(step2.Hidden["challenge"].Split('.')[0], step2.Hidden["challenge"], StringComparison.Ordinal);
        Assert.Contains("authenticator app", step2.Html, StringComparison.Ordinal);

        using var wrong = await oauth.PostConsentAsync([("form_token", step2.FormToken), ("challenge", step2.Hidden["challenge"]), ("otp", "000000"), ("decision", "allow")]);
        var retry = ConsentForm.Parse(await wrong.Content.ReadAsStringAsync());
        Assert.Contains("one-time code is wrong", retry.Html, StringComparison.Ordinal);

        using var right = await oauth.PostConsentAsync([("form_token", retry.FormToken), ("challenge", retry.Hidden["challenge"]),
            ("otp", Totp.Default.ComputeCode(seed, host.Time.GetUtcNow())), ("decision", "allow")]);
        var redirect = OAuthDriver.ExpectRedirect(right, client.RedirectUri);
        Assert.Equal("mfa-state", redirect["state"]);
        var tokens = (await oauth.ExchangeAsync(client, redirect["code"])).ExpectTokens();
        Assert.Equal(["messages:read"], await oauth.PermissionsAsync(tokens.AccessToken));
    }
}
