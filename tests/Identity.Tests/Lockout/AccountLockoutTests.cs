using System.Net;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Lockout;

/// <summary>
/// Per-account lockout after failed logins (IdentityOptions: 5 failures, 1 minute, doubling), on
/// the host's manual clock: time only moves when a test advances it, so every boundary is exact.
/// </summary>
public sealed class AccountLockoutTests
{
    private const string Password = "bob-password-01234";

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_EvenAgainstTheRightPassword_UntilTheLockoutPasses()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        await api.CreateUserAsync("bob", Password);

        for (var i = 1; i <= 5; i++)
        {
            await ExpectLoginAsync(api, "wrong-password-" + i, HttpStatusCode.Unauthorized);
        }

        // The sixth attempt has the right password, and is refused without the password being checked.
        Assert.Equal("60", await ExpectLockedAsync(api));
        Assert.Equal(HttpStatusCode.TooManyRequests, await api.MeStatusAsync(Present.Basic("bob", Password)));

        host.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("1", await ExpectLockedAsync(api));

        host.Time.Advance(TimeSpan.FromSeconds(1));
        await api.LoginAsync("bob", Password);
    }

    [Fact]
    public async Task EachFailureAfterALockout_DoublesTheNext_AndASuccessStartsOver()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        await api.CreateUserAsync("bob", Password);
        for (var i = 1; i <= 5; i++)
        {
            await ExpectLoginAsync(api, "wrong-password", HttpStatusCode.Unauthorized);
        }
        Assert.Equal("60", await ExpectLockedAsync(api));

        host.Time.Advance(TimeSpan.FromMinutes(1));
        await ExpectLoginAsync(api, "wrong-password", HttpStatusCode.Unauthorized);
        Assert.Equal("120", await ExpectLockedAsync(api));

        host.Time.Advance(TimeSpan.FromMinutes(2));
        await ExpectLoginAsync(api, "wrong-password", HttpStatusCode.Unauthorized);
        Assert.Equal("240", await ExpectLockedAsync(api));

        host.Time.Advance(TimeSpan.FromMinutes(4) - TimeSpan.FromSeconds(1));
        await ExpectLockedAsync(api);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        await api.LoginAsync("bob", Password);

        // A successful login clears the count: one failure now locks nothing.
        await ExpectLoginAsync(api, "wrong-password", HttpStatusCode.Unauthorized);
        await api.LoginAsync("bob", Password);
    }

    [Fact]
    public async Task WrongPasswords_OverBasicAuthentication_LockTheAccountToo()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        await api.CreateUserAsync("bob", Password);

        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await api.MeStatusAsync(Present.Basic("bob", "wrong-password")));
        }

        await ExpectLockedAsync(api);
    }

    [Fact]
    public async Task AnAdministrator_UnlocksALockedAccount_AtOnce()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var bobId = await api.CreateUserAsync("bob", Password);
        var carol = await api.CreateUserAndLoginAsync("carol", "carol-password-0123");
        for (var i = 1; i <= 5; i++)
        {
            await ExpectLoginAsync(api, "wrong-password", HttpStatusCode.Unauthorized);
        }
        await ExpectLockedAsync(api);

        await api.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, $"/v1/users/{bobId}/unlock", Present.Bearer(carol.AccessToken));
        await ExpectLockedAsync(api);

        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, $"/v1/users/{bobId}/unlock", await api.AdminAsync());

        await api.LoginAsync("bob", Password);
    }

    private static async Task ExpectLoginAsync(IdentityApi api, string password, HttpStatusCode expected)
    {
        using var response = await api.TryLoginAsync("bob", password);
        await IdentityApi.ExpectAsync(expected, response, "login as bob");
    }

    /// <summary>Asserts a login with the right password is refused with 429, and returns its Retry-After in seconds.</summary>
    private static async Task<string> ExpectLockedAsync(IdentityApi api)
    {
        using var response = await api.TryLoginAsync("bob", Password);
        await IdentityApi.ExpectAsync(HttpStatusCode.TooManyRequests, response, "login as bob with the right password while locked");
        Assert.True(response.Headers.TryGetValues("Retry-After", out var values), "a 429 must say when to retry");
        return Assert.Single(values);
    }
}
