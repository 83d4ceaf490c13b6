using System.Net;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Presentation;

/// <summary>
/// Requests presenting more than one credential, someone else's principal, or an unsupported
/// scheme, through real HTTP: the gateway must refuse rather than pick one, and must never run
/// such a request as anybody.
/// </summary>
public sealed class CredentialConflictTests
{
    [Fact]
    public async Task BearerAndADifferentAccessTokenQuery_Is400NamingBothPlaces()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", "alice-password-0123");
        var bob = await api.CreateUserAndLoginAsync("bob", "bob-password-01234");

        var body = await api.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Get, "/v1/me",
            Present.All(Present.Bearer(alice.AccessToken), Present.AccessTokenQuery(bob.AccessToken)));

        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains("two different credentials", detail, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer", detail, StringComparison.Ordinal);
        Assert.Contains("access_token query parameter", detail, StringComparison.Ordinal);
        // Error bodies end up in logs; they name places, never the tokens.
        Assert.DoesNotContain(alice.AccessToken, body.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(bob.AccessToken, body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameTokenTwice_InHeaderAndQuery_IsAccepted()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", "alice-password-0123");

        var me = await api.MeAsync(Present.All(Present.Bearer(alice.AccessToken), Present.AccessTokenQuery(alice.AccessToken)));

        CredentialPresentationTests.AssertCaller(me, "user", alice.UserId, "accessToken");
    }

    [Fact]
    public async Task TheSamePrincipalTwice_InHeadersAndQuery_IsAccepted()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", "alice-password-0123");
        var principal = $"user/{alice.UserId}";

        var me = await api.MeAsync(Present.All(Present.AuthHeaders(principal, alice.AccessToken), Present.AuthQuery(principal, alice.AccessToken)));

        CredentialPresentationTests.AssertCaller(me, "user", alice.UserId, "accessToken");
    }

    [Fact]
    public async Task ATokenOfAlice_PresentedAsBob_Is401()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", "alice-password-0123");
        var bobId = await api.CreateUserAsync("bob", "bob-password-01234");

        var response = await api.SendAsync(HttpMethod.Get, "/v1/me", Present.AuthHeaders($"user/{bobId}", alice.AccessToken));
        await IdentityApi.ExpectAsync(HttpStatusCode.Unauthorized, response, "Alice's token as user/bob");

        // Control: the same token under Alice's own id works, so the 401 is about the pairing.
        CredentialPresentationTests.AssertCaller(
            await api.MeAsync(Present.AuthHeaders($"user/{alice.UserId}", alice.AccessToken)), "user", alice.UserId, "accessToken");
    }

    [Fact]
    public async Task ADeviceToken_PresentedAsAUser_Is401()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", "alice-password-0123");
        var deviceId = await api.CreateDeviceAsync(Present.Bearer(alice.AccessToken), "guardian");
        var token = await api.IssueDeviceTokenAsync(Present.Bearer(alice.AccessToken), deviceId);

        // The guid matches the token's subject, but the type does not: a guardian is not a user.
        Assert.Equal(HttpStatusCode.Unauthorized, await api.MeStatusAsync(Present.AuthHeaders($"user/{deviceId}", token.Secret)));
        Assert.Equal(HttpStatusCode.Unauthorized, await api.MeStatusAsync(Present.AuthHeaders($"guardian/{alice.UserId}", alice.AccessToken)));
    }

    [Fact]
    public async Task UnsupportedScheme_Is401_WithAChallengeForBearerAndBasic()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);

        using var response = await api.SendAsync(HttpMethod.Get, "/v1/me",
            request => request.Headers.TryAddWithoutValidation("Authorization", "Digest username=\"alice\", realm=\"gatehouse\", nonce=\"abc\""));

        var body = await IdentityApi.ExpectAsync(HttpStatusCode.Unauthorized, response, "Digest");
        var challenge = string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        Assert.Contains("Bearer", challenge, StringComparison.Ordinal);
        Assert.Contains("Basic", challenge, StringComparison.Ordinal);
        Assert.Contains("scheme", body.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCredential_OnAPrivateEndpoint_Is401()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);

        // The baseline the other tests rely on: /v1/me does not answer anonymous requests.
        Assert.Equal(HttpStatusCode.Unauthorized, await api.MeStatusAsync(_ => { }));
    }
}
