using System.Net;
using System.Text.Json;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Presentation;

/// <summary>
/// Every way of presenting a credential (docs/authentication.md), each alone, through real HTTP
/// against the gateway. Each test checks with GET /v1/me that the request ran as the principal the
/// credential belongs to, and by which kind of credential, so a presentation that is silently
/// ignored (running as anonymous) or mapped to the wrong principal fails.
/// </summary>
public sealed class CredentialPresentationTests
{
    private const string AlicePassword = "alice-password-0123";

    [Fact]
    public async Task AuthorizationBearer_LoginToken()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);

        var me = await api.MeAsync(Present.Bearer(alice.AccessToken));

        AssertCaller(me, "user", alice.UserId, "accessToken");
    }

    [Fact]
    public async Task AuthorizationBearer_ApiKey()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);
        var key = await api.CreateKeyAsync(Present.Bearer(alice.AccessToken), "script");

        var me = await api.MeAsync(Present.Bearer(key.Key));

        AssertCaller(me, "user", alice.UserId, "apiKey");
        Assert.Equal("operator", me.GetProperty("keyKind").GetString());
    }

    [Fact]
    public async Task AuthorizationBasic_UsernameAndPassword()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var aliceId = await api.CreateUserAsync("alice", AlicePassword);

        var me = await api.MeAsync(Present.Basic("alice", AlicePassword));

        AssertCaller(me, "user", aliceId, "password");
    }

    [Fact]
    public async Task AuthorizationBasic_WoTKitKeyIdAndKeySecret()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);
        var key = await api.CreateKeyAsync(Present.Bearer(alice.AccessToken), "sensor gateway");

        // WoTKit: curl --user {key_id}:{key_password}
        var me = await api.MeAsync(Present.Basic(key.Id, key.Secret));

        AssertCaller(me, "user", alice.UserId, "apiKey");
        Assert.Equal(key.Id + "." + key.Secret, key.Key);
    }

    [Fact]
    public async Task RfcxHeaders_User_WithLoginToken()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);

        var me = await api.MeAsync(Present.AuthHeaders($"user/{alice.UserId}", alice.AccessToken));

        AssertCaller(me, "user", alice.UserId, "accessToken");
    }

    [Fact]
    public async Task RfcxHeaders_Guardian_WithDeviceToken()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);
        var deviceId = await api.CreateDeviceAsync(Present.Bearer(alice.AccessToken), "forest guardian");
        var token = await api.IssueDeviceTokenAsync(Present.Bearer(alice.AccessToken), deviceId);

        var me = await api.MeAsync(Present.AuthHeaders($"guardian/{deviceId}", token.Secret));

        AssertCaller(me, "device", deviceId, "accessToken");
        Assert.Equal(alice.UserId, me.GetProperty("resource").GetProperty("ownerId").GetString());
    }

    [Fact]
    public async Task RfcxHeaders_Register_WithCode_RedeemsAUserWhoThenLogsIn()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);
        var registration = await api.CreateRegistrationTokenAsync(Present.Bearer(alice.AccessToken), "user", uses: 1);
        var asRegistration = Present.AuthHeaders($"register/{registration.Id}", registration.Secret);

        var me = await api.MeAsync(asRegistration);
        AssertCaller(me, "registrationToken", registration.Id, "registrationToken");

        var redeemed = await api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/register", asRegistration,
            new { username = "newcomer", password = "newcomer-password-1" });
        var newUserId = redeemed.GetProperty("guid").GetString()!;
        Assert.Equal("user", redeemed.GetProperty("target").GetString());

        var session = await api.LoginAsync("newcomer", "newcomer-password-1");
        Assert.Equal(newUserId, session.UserId);
        AssertCaller(await api.MeAsync(Present.Bearer(session.AccessToken)), "user", newUserId, "accessToken");
    }

    [Fact]
    public async Task RfcxHeaders_TemporaryToken_ActsAsItsCreator()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);
        var temporary = await api.CreateTemporaryTokenAsync(Present.Bearer(alice.AccessToken), ["me.get"]);

        var me = await api.MeAsync(Present.AuthHeaders($"token/{temporary.Id}", temporary.Secret));

        // A temporary token is not a principal of its own: it acts as its creator.
        AssertCaller(me, "user", alice.UserId, "temporaryToken");
    }

    [Fact]
    public async Task Query_AccessToken_LoginToken()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);

        var me = await api.MeAsync(Present.AccessTokenQuery(alice.AccessToken));

        AssertCaller(me, "user", alice.UserId, "accessToken");
    }

    [Fact]
    public async Task Query_AccessToken_ApiKey_EvrythngStyle()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);
        var key = await api.CreateKeyAsync(Present.Bearer(alice.AccessToken), "operator key");

        // EVRYTHNG: ?access_token=$OPERATOR_API_KEY
        var me = await api.MeAsync(Present.AccessTokenQuery(key.Key));

        AssertCaller(me, "user", alice.UserId, "apiKey");
        Assert.Equal("operator", me.GetProperty("keyKind").GetString());
    }

    [Fact]
    public async Task Query_AuthUserAndAuthToken()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);
        var deviceId = await api.CreateDeviceAsync(Present.Bearer(alice.AccessToken), "guardian");
        var token = await api.IssueDeviceTokenAsync(Present.Bearer(alice.AccessToken), deviceId);

        // RFCx: ?auth_user=guardian/df72c626229f&auth_token=…, and the same for a user.
        AssertCaller(await api.MeAsync(Present.AuthQuery($"guardian/{deviceId}", token.Secret)), "device", deviceId, "accessToken");
        AssertCaller(await api.MeAsync(Present.AuthQuery($"user/{alice.UserId}", alice.AccessToken)), "user", alice.UserId, "accessToken");
    }

    /// <summary>
    /// No endpoint reads a form body (every body is JSON), so a form credential is shown on a POST
    /// that reads no body: logout revokes exactly the token the request authenticated with. That
    /// token failing afterwards, while Alice's other session still works, shows the form
    /// credential was the one used, and that it was Alice's.
    /// </summary>
    [Fact]
    public async Task Form_AuthUserAndAuthToken_OnAPost()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);
        var otherSession = await api.LoginAsync("alice", AlicePassword);

        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, "/v1/auth/logout",
            Present.Form(("auth_user", $"user/{alice.UserId}"), ("auth_token", alice.AccessToken)));

        Assert.Equal(HttpStatusCode.Unauthorized, await api.MeStatusAsync(Present.Bearer(alice.AccessToken)));
        AssertCaller(await api.MeAsync(Present.Bearer(otherSession.AccessToken)), "user", alice.UserId, "accessToken");
    }

    [Fact]
    public async Task Form_AccessToken_OnAPost()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);
        var otherSession = await api.LoginAsync("alice", AlicePassword);

        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, "/v1/auth/logout", Present.Form(("access_token", alice.AccessToken)));

        Assert.Equal(HttpStatusCode.Unauthorized, await api.MeStatusAsync(Present.Bearer(alice.AccessToken)));
        AssertCaller(await api.MeAsync(Present.Bearer(otherSession.AccessToken)), "user", alice.UserId, "accessToken");
    }

    /// <summary>
    /// On an endpoint that reads JSON, a form body is refused by the handler with 415; that it is
    /// 415 and not 401 shows the form credential authenticated first. The same body with a token
    /// nobody issued is 401, so the 415 is not reached without a valid credential.
    /// </summary>
    [Fact]
    public async Task Form_Credentials_OnAJsonEndpoint_AuthenticateBeforeTheBodyIsRefused()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);
        const string unknownToken = "0000000000000000000000000000000000000000000000000000000000000000";

        await api.ExpectAsync(HttpStatusCode.UnsupportedMediaType, HttpMethod.Post, "/v1/keys", Present.Form(("access_token", alice.AccessToken), ("name", "k")));
        await api.ExpectAsync(HttpStatusCode.UnsupportedMediaType, HttpMethod.Post, "/v1/keys",
            Present.Form(("auth_user", $"user/{alice.UserId}"), ("auth_token", alice.AccessToken), ("name", "k")));
        await api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/v1/keys", Present.Form(("access_token", unknownToken), ("name", "k")));
        await api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/v1/keys",
            Present.Form(("auth_user", $"user/{alice.UserId}"), ("auth_token", unknownToken), ("name", "k")));
    }

    internal static void AssertCaller(JsonElement me, string kind, string id, string credential)
    {
        Assert.Equal(kind, me.GetProperty("kind").GetString());
        Assert.Equal(id, me.GetProperty("id").GetString());
        Assert.Equal(credential, me.GetProperty("credential").GetString());
    }
}
