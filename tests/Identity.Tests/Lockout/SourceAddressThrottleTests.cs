using System.Net;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Lockout;

/// <summary>
/// Per-source-address throttling (IdentityOptions: 20 failures in 5 minutes block the address for
/// 5 minutes). Password spraying tries one password on many accounts, staying under each account's
/// lockout; only the address sees the pattern. Every request in these tests comes from 127.0.0.1.
/// </summary>
public sealed class SourceAddressThrottleTests
{
    private const string CarolPassword = "carol-password-0123";

    [Fact]
    public async Task TwentyFailuresAcrossAccounts_BlockTheAddress_EvenForAnAccountWithNone_UntilTheWindowPasses()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        await api.CreateUserAsync("carol", CarolPassword);
        for (var i = 0; i < 20; i++)
        {
            await api.CreateUserAsync($"spray{i:00}", $"spray-password-{i:00}");
        }

        for (var i = 0; i < 19; i++)
        {
            await ExpectLoginAsync(api, $"spray{i:00}", "Spring2026!", HttpStatusCode.Unauthorized);
        }
        // Nineteen is under the limit: an account nobody guessed at still logs in.
        await api.LoginAsync("carol", CarolPassword);

        await ExpectLoginAsync(api, "spray19", "Spring2026!", HttpStatusCode.Unauthorized);

        using (var blocked = await api.TryLoginAsync("carol", CarolPassword))
        {
            await IdentityApi.ExpectAsync(HttpStatusCode.TooManyRequests, blocked, "carol's right password from a throttled address");
            Assert.Equal("300", Assert.Single(blocked.Headers.GetValues("Retry-After")));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, await api.MeStatusAsync(Present.Basic("carol", CarolPassword)));

        host.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await ExpectLoginAsync(api, "carol", CarolPassword, HttpStatusCode.TooManyRequests);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        await api.LoginAsync("carol", CarolPassword);
    }

    [Fact]
    public async Task FailuresOutsideTheWindow_DoNotAddUp()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        await api.CreateUserAsync("carol", CarolPassword);
        for (var i = 0; i < 20; i++)
        {
            await api.CreateUserAsync($"spray{i:00}", $"spray-password-{i:00}");
        }

        for (var i = 0; i < 10; i++)
        {
            await ExpectLoginAsync(api, $"spray{i:00}", "Spring2026!", HttpStatusCode.Unauthorized);
        }
        host.Time.Advance(TimeSpan.FromMinutes(5));
        for (var i = 10; i < 20; i++)
        {
            await ExpectLoginAsync(api, $"spray{i:00}", "Spring2026!", HttpStatusCode.Unauthorized);
        }

        // Twenty failures, but never twenty within five minutes.
        await api.LoginAsync("carol", CarolPassword);
    }

    /// <summary>
    /// Spraying lists are full of names that do not exist. If those failures did not count, an
    /// attacker would get free guesses; and if a throttled address got 429 for real names but 401
    /// for unknown ones, the difference would tell which usernames exist, which the gateway
    /// otherwise hides (same 401 body, a decoy KDF for unknown names).
    /// </summary>
    [Fact]
    public async Task UnknownUsernames_CountTowardsTheThrottle_AndAreAnsweredLikeRealOnes()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        await api.CreateUserAsync("carol", CarolPassword);

        for (var i = 0; i < 20; i++)
        {
            await ExpectLoginAsync(api, $"nobody{i:00}", "Spring2026!", HttpStatusCode.Unauthorized);
        }

        await ExpectLoginAsync(api, "carol", CarolPassword, HttpStatusCode.TooManyRequests,
            because: "twenty failed logins for unknown usernames from one address must throttle it");
        await ExpectLoginAsync(api, "nobody-else", "Spring2026!", HttpStatusCode.TooManyRequests,
            because: "a throttled address must get the same answer for unknown usernames as for real ones");
        Assert.Equal(HttpStatusCode.TooManyRequests, await api.MeStatusAsync(Present.Basic("nobody-else", "Spring2026!")));
    }

    private static async Task ExpectLoginAsync(IdentityApi api, string username, string password, HttpStatusCode expected, string? because = null)
    {
        using var response = await api.TryLoginAsync(username, password);
        await IdentityApi.ExpectAsync(expected, response, because ?? $"login as {username}");
    }
}
