using System.Net;
using System.Net.Http.Json;
using System.Text;
using Gatehouse.Grains.Identity.TwoFactor;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.OAuth;

/// <summary>
/// WoTKit's password grant, exactly as its documentation shows it, and the token endpoint's
/// client authentication and error answers (RFC 6749 §2.3.1, §4.3, §5.2).
/// </summary>
public sealed class PasswordGrantTests
{
    /// <summary>
    /// <c>curl -d "grant_type=password&amp;username={username}&amp;password={password}&amp;client_id={clientid}&amp;client_secret={clientsecret}&amp;scope=all" …/api/oauth/token</c>:
    /// curl -d sends that string as the body with <c>Content-Type: application/x-www-form-urlencoded</c>.
    /// </summary>
    [Fact]
    public async Task TheSeedsCurl_ReturnsTheSeedsJson_AndTheTokenWorksAsBearerAndAccessToken()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (userId, owner) = await oauth.CreateUserAsync("wotkit.user");
        var client = await oauth.RegisterClientAsync(owner, ["all"]);

        var body = $"grant_type=password&username=wotkit.user&password={OAuthDriver.Password}&client_id={client.ClientId}&client_secret={client.ClientSecret}&scope=all";
        using var response = await oauth.Http.PostAsync("/api/oauth/token", new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"));
        var answer = await TokenAnswer.ReadAsync(response);

        answer.ExpectTokens();
        Assert.Equal(["access_token", "token_type", "refresh_token", "expires_in", "scope"], answer.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("bearer", answer.Json.GetProperty("token_type").GetString());
        Assert.Equal("all", answer.Scope);
        // 43,200 s (12 h) less the whole seconds elapsed since issue: WoTKit shows 43199.
        Assert.InRange(answer.Json.GetProperty("expires_in").GetInt64(), 43_199, 43_200);
        Assert.Equal("no-store", answer.CacheControl);
        Assert.Equal("no-cache", answer.Pragma);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);

        var me = await oauth.Api.MeAsync(Present.Bearer(answer.AccessToken));
        Assert.Equal(userId, me.GetProperty("id").GetString());
        Assert.Equal("accessToken", me.GetProperty("credential").GetString());
        Assert.Contains("devices:create", me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        var viaQuery = await oauth.Api.MeAsync(Present.AccessTokenQuery(answer.AccessToken));
        Assert.Equal(userId, viaQuery.GetProperty("id").GetString());
    }

    /// <summary>
    /// Client credentials in HTTP Basic are the client's, never taken for a user's name and
    /// password: the pipeline resolves no caller on this endpoint (docs/authentication.md).
    /// </summary>
    [Fact]
    public async Task ClientCredentialsInBasic_AuthenticateTheClient()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("basic.user");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read", "profile:read"]);

        var answer = await oauth.TokenAsync([("grant_type", "password"), ("username", "basic.user"), ("password", OAuthDriver.Password), ("scope", "devices:read")],
            basic: (client.ClientId, client.ClientSecret!));

        answer.ExpectTokens();
        Assert.Equal("devices:read", answer.Scope);
        Assert.Equal(["devices:read"], await oauth.PermissionsAsync(answer.AccessToken));
    }

    [Fact]
    public async Task AWrongOrMissingClientSecret_IsInvalidClient_401WithABasicChallenge()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("client.owner");
        var client = await oauth.RegisterClientAsync(owner, ["all"]);
        (string, string?)[] grant = [("grant_type", "password"), ("username", "client.owner"), ("password", OAuthDriver.Password)];

        var wrong = await oauth.TokenAsync([.. grant, ("client_id", client.ClientId), ("client_secret", new string('a', 64))]);
        var missing = await oauth.TokenAsync([.. grant, ("client_id", client.ClientId)]);
        var unknown = await oauth.TokenAsync([.. grant, ("client_id", new string('b', 32)), ("client_secret", client.ClientSecret)]);
        var wrongBasic = await oauth.TokenAsync(grant, basic: (client.ClientId, "nope"));
        var none = await oauth.TokenAsync(grant);

        foreach (var answer in new[] { wrong, missing, unknown, wrongBasic, none })
        {
            answer.ExpectError(HttpStatusCode.Unauthorized, "invalid_client");
            Assert.StartsWith("Basic realm=\"gatehouse\"", answer.WwwAuthenticate, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AUsersBearerToken_IsNotAClientCredential()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("bearer.user");
        var client = await oauth.RegisterClientAsync(owner, ["all"]);
        var login = await oauth.Api.LoginAsync("bearer.user", OAuthDriver.Password);

        var answer = await oauth.TokenAsync(
            [("grant_type", "password"), ("username", "bearer.user"), ("password", OAuthDriver.Password), ("client_id", client.ClientId), ("client_secret", client.ClientSecret)],
            extra: Present.Bearer(login.AccessToken));

        answer.ExpectError(HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("Bearer", answer.Json.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongPassword_IsInvalidGrant_AndAnUnknownUserReadsTheSame()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("grant.user");
        var client = await oauth.RegisterClientAsync(owner, ["all"]);

        var wrong = await oauth.TokenAsync([("grant_type", "password"), ("username", "grant.user"), ("password", "not-the-password"), ("client_id", client.ClientId), ("client_secret", client.ClientSecret)]);
        var unknown = await oauth.TokenAsync([("grant_type", "password"), ("username", "nobody.here"), ("password", "not-the-password"), ("client_id", client.ClientId), ("client_secret", client.ClientSecret)]);

        wrong.ExpectError(HttpStatusCode.BadRequest, "invalid_grant");
        unknown.ExpectError(HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal(wrong.Body, unknown.Body);
    }

    /// <summary>The grant has no field for a one-time code; the password alone must not get past a second factor.</summary>
    [Fact]
    public async Task AUserWithTwoFactorOn_IsRefusedWithInvalidGrant_AndTold()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("mfa.user");
        await EnrolTotpAsync(oauth, owner);
        var client = await oauth.RegisterClientAsync(owner, ["all"]);

        var answer = await oauth.TokenAsync([("grant_type", "password"), ("username", "mfa.user"), ("password", OAuthDriver.Password), ("client_id", client.ClientId), ("client_secret", client.ClientSecret), ("scope", "all")]);

        answer.ExpectError(HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Contains("two-factor", answer.Json.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("audit:read", "invalid_scope")]
    [InlineData("devices:*", "invalid_scope")]
    [InlineData("all", "invalid_scope")]
    public async Task AScopeBeyondTheClientsRegistration_IsInvalidScope(string scope, string error)
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("scope.user");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read"]);

        var answer = await oauth.TokenAsync([("grant_type", "password"), ("username", "scope.user"), ("password", OAuthDriver.Password), ("client_id", client.ClientId), ("client_secret", client.ClientSecret), ("scope", scope)]);

        answer.ExpectError(HttpStatusCode.BadRequest, error);
    }

    /// <summary>What the user does not hold is not granted, even when the client may ask for it; with nothing left, nothing is issued.</summary>
    [Fact]
    public async Task TheGrantedScope_IsNarrowedToTheUsersPermissions()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("narrow.user");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read", "audit:read"]);
        (string, string?)[] grant = [("grant_type", "password"), ("username", "narrow.user"), ("password", OAuthDriver.Password), ("client_id", client.ClientId), ("client_secret", client.ClientSecret)];

        var both = await oauth.TokenAsync([.. grant, ("scope", "devices:read audit:read")]);
        var auditOnly = await oauth.TokenAsync([.. grant, ("scope", "audit:read")]);

        Assert.Equal("devices:read", both.ExpectTokens().Scope);
        Assert.Equal(["devices:read"], await oauth.PermissionsAsync(both.AccessToken));
        auditOnly.ExpectError(HttpStatusCode.BadRequest, "invalid_scope");
    }

    [Fact]
    public async Task MalformedRequests_AreInvalidRequestOrUnsupportedGrantType()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("malformed.user");
        var client = await oauth.RegisterClientAsync(owner, ["all"]);
        (string, string?)[] auth = [("client_id", client.ClientId), ("client_secret", client.ClientSecret)];

        (await oauth.TokenAsync([("grant_type", "client_credentials"), .. auth])).ExpectError(HttpStatusCode.BadRequest, "unsupported_grant_type");
        (await oauth.TokenAsync(auth)).ExpectError(HttpStatusCode.BadRequest, "invalid_request");
        (await oauth.TokenAsync([("grant_type", "password"), ("username", "malformed.user"), .. auth])).ExpectError(HttpStatusCode.BadRequest, "invalid_request");
        // §3.2: a parameter given twice is an error, not a choice.
        (await oauth.TokenAsync([("grant_type", "password"), ("grant_type", "password"), ("username", "malformed.user"), ("password", OAuthDriver.Password), .. auth]))
            .ExpectError(HttpStatusCode.BadRequest, "invalid_request");
        using var json = await oauth.Http.PostAsJsonAsync("/api/oauth/token", new { grant_type = "password" });
        (await TokenAnswer.ReadAsync(json)).ExpectError(HttpStatusCode.BadRequest, "invalid_request");
    }

    private static async Task EnrolTotpAsync(OAuthDriver oauth, Action<HttpRequestMessage> user)
    {
        var enrollment = await oauth.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/v1/me/2fa/totp", user);
        var seed = Base32.Decode(enrollment.GetProperty("secret").GetString()!);
        await oauth.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/v1/me/2fa/totp/confirm", user,
            new { code = Totp.Default.ComputeCode(seed, oauth.Host.Time.GetUtcNow()) });
        oauth.Host.Time.Advance(TimeSpan.FromSeconds(30));
    }
}
