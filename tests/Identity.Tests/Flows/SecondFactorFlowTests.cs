using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gatehouse.Grains.Identity.TwoFactor;
using Gatehouse.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Identity.Tests.Flows;

/// <summary>Two-factor login through the gateway: TOTP, SMS through the outbox, recovery codes, replay and lockout.</summary>
public sealed class SecondFactorFlowTests
{
    private const string Password = "a-user-password-1";

    [Fact]
    public async Task Totp_EnrolThenLoginInTwoSteps_AndACodeCannotBeReplayed()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        var (_, token) = await CreateUserAsync(host, "totp-user");
        using var client = host.CreateClient(token);

        var enrollment = await ReadAsync(await client.PostAsync("/v1/me/2fa/totp", null), HttpStatusCode.OK);
        var uri = enrollment.GetProperty("otpAuthUri").GetString()!;
        Assert.StartsWith("otpauth://totp/Gatehouse:totp-user?secret=", uri, StringComparison.Ordinal);
        Assert.StartsWith("<svg", enrollment.GetProperty("qrSvg").GetString(), StringComparison.Ordinal);
        var seed = Base32.Decode(enrollment.GetProperty("secret").GetString()!);

        var confirm = await ReadAsync(await client.PostAsJsonAsync("/v1/me/2fa/totp/confirm", new { code = Totp.Default.ComputeCode(seed, host.Time.GetUtcNow()) }), HttpStatusCode.OK);
        var recoveryCodes = confirm.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(10, recoveryCodes.Count);

        using var anonymous = host.CreateClient();
        var step1 = await ReadAsync(await anonymous.PostAsJsonAsync("/v1/auth/login", new { username = "totp-user", password = Password }), HttpStatusCode.OK);
        Assert.True(step1.GetProperty("secondFactorRequired").GetBoolean());
        Assert.DoesNotContain("accessToken", step1.GetRawText(), StringComparison.Ordinal);

        // The confirmation used this step's code; the same code must not log in (RFC 6238 §5.2).
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var replayed = await anonymous.PostAsJsonAsync("/v1/auth/login/second-factor",
            new { challengeToken = step1.GetProperty("challengeToken").GetString(), code = Totp.Default.ComputeCode(seed, host.Time.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);

        host.Time.Advance(TimeSpan.FromSeconds(30));
        var step2 = await ReadAsync(await anonymous.PostAsJsonAsync("/v1/auth/login/second-factor",
            new { challengeToken = step1.GetProperty("challengeToken").GetString(), code = Totp.Default.ComputeCode(seed, host.Time.GetUtcNow()) }), HttpStatusCode.OK);
        using var loggedIn = host.CreateClient(step2.GetProperty("accessToken").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await loggedIn.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Totp_BasicPasswordIsRefused_BecauseItWouldBypassTheSecondFactor()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        var (_, token) = await CreateUserAsync(host, "basic-2fa");
        await EnrolTotpAsync(host, token);
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("basic-2fa:a-user-password-1"u8.ToArray()));

        var response = await client.GetAsync("/v1/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("two-factor", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sms_CodeArrivesInTheOutbox_AndCompletesTheLogin_AndRecoveryCodesWorkOnce()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        var (_, token) = await CreateUserAsync(host, "sms-user");
        using var client = host.CreateClient(token);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync("/v1/me", new { phone = "+46701234567" })).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/v1/me/2fa/sms", null)).StatusCode);
        var confirm = await ReadAsync(await client.PostAsJsonAsync("/v1/me/2fa/sms/confirm", new { code = LastSmsCode(host) }), HttpStatusCode.OK);
        var recovery = confirm.GetProperty("codes")[0].GetString()!;

        using var anonymous = host.CreateClient();
        var step1 = await ReadAsync(await anonymous.PostAsJsonAsync("/v1/auth/login", new { username = "sms-user", password = Password }), HttpStatusCode.OK);
        Assert.Contains("sms", step1.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        await ReadAsync(await anonymous.PostAsJsonAsync("/v1/auth/login/second-factor",
            new { challengeToken = step1.GetProperty("challengeToken").GetString(), code = LastSmsCode(host) }), HttpStatusCode.OK);

        var again = await ReadAsync(await anonymous.PostAsJsonAsync("/v1/auth/login", new { username = "sms-user", password = Password }), HttpStatusCode.OK);
        await ReadAsync(await anonymous.PostAsJsonAsync("/v1/auth/login/second-factor",
            new { challengeToken = again.GetProperty("challengeToken").GetString(), code = recovery }), HttpStatusCode.OK);
        var third = await ReadAsync(await anonymous.PostAsJsonAsync("/v1/auth/login", new { username = "sms-user", password = Password }), HttpStatusCode.OK);
        var reused = await anonymous.PostAsJsonAsync("/v1/auth/login/second-factor", new { challengeToken = third.GetProperty("challengeToken").GetString(), code = recovery });
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
    }

    [Fact]
    public async Task WrongSecondFactorCodes_LockTheAccount_LikeWrongPasswords()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        var (_, token) = await CreateUserAsync(host, "guess-2fa");
        await EnrolTotpAsync(host, token);
        using var anonymous = host.CreateClient();
        var step1 = await ReadAsync(await anonymous.PostAsJsonAsync("/v1/auth/login", new { username = "guess-2fa", password = Password }), HttpStatusCode.OK);
        var challenge = step1.GetProperty("challengeToken").GetString();

        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await anonymous.PostAsJsonAsync("/v1/auth/login/second-factor", new { challengeToken = challenge, code = "000000" });
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.NotNull(last.Headers.RetryAfter);
    }

    private static string LastSmsCode(GatewayHost host)
    {
        var outbox = host.Services.GetServices<ISmsSender>().OfType<OutboxSmsSender>().Single();
        return Regex.Match(outbox.GetRecentMessages()[^1].Text, @"\d{6}").Value;
    }

    private static async Task EnrolTotpAsync(GatewayHost host, string token)
    {
        using var client = host.CreateClient(token);
        var enrollment = await ReadAsync(await client.PostAsync("/v1/me/2fa/totp", null), HttpStatusCode.OK);
        var seed = Base32.Decode(enrollment.GetProperty("secret").GetString()!);
        await ReadAsync(await client.PostAsJsonAsync("/v1/me/2fa/totp/confirm", new { code = Totp.Default.ComputeCode(seed, host.Time.GetUtcNow()) }), HttpStatusCode.OK);
    }

    internal static async Task<(string UserId, string Token)> CreateUserAsync(GatewayHost host, string username)
    {
        using var admin = host.CreateClient(await host.LoginAdminAsync());
        var user = await ReadAsync(await admin.PostAsJsonAsync("/v1/users", new { username, password = Password }), HttpStatusCode.Created);
        return (user.GetProperty("id").GetString()!, await host.LoginAsync(username, Password));
    }

    internal static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
