using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gatehouse.Grains.Identity.TwoFactor;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Devices.Tests.SecureRegistration;

/// <summary>
/// A user with two-factor login pairs a device: the password step leads to a one-time-code step
/// carrying the PIN and serial digits; a wrong code starts over; the right one confirms, and the
/// login session the page made is ended at once.
/// </summary>
public sealed partial class TwoFactorPairingTests : IAsyncLifetime
{
    private SecureWorld _world = null!;

    public async Task InitializeAsync() => _world = await SecureWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_totp_user_pairs_with_a_one_time_code_and_keeps_no_session()
    {
        var login = await _world.Api.CreateUserAndLoginAsync("totp-buyer", SecureWorld.Password);
        using var self = _world.Host.CreateClient(login.AccessToken);
        var enrollment = JsonDocument.Parse(await (await self.PostAsync("/v1/me/2fa/totp", null)).Content.ReadAsStringAsync()).RootElement;
        var seed = Base32.Decode(enrollment.GetProperty("secret").GetString()!);
        using (var confirm = await self.PostAsJsonAsync("/v1/me/2fa/totp/confirm", new { code = Totp.Default.ComputeCode(seed, _world.Host.Time.GetUtcNow()) }))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        }

        var device = _world.NewDevice();
        var started = await _world.StartOkAsync(device, "vdid-totp");
        var (status, html) = await _world.PairAsync(started.Pin, SecureWorld.SerialLast4(device), username: "totp-buyer");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"otp\"", html, StringComparison.Ordinal);
        var challenge = Hidden(html, "challenge");

        var (wrong, wrongHtml) = await PostSecondStepAsync(html, "000000");
        Assert.Equal(HttpStatusCode.BadRequest, wrong);
        Assert.Contains("one-time code is wrong", wrongHtml, StringComparison.Ordinal);

        // Start again: password, then the current code (a new time step: a code is not used twice).
        (status, html) = await _world.PairAsync(started.Pin, SecureWorld.SerialLast4(device), username: "totp-buyer");
        Assert.NotEqual(challenge, Hidden(html, "challenge"));
        _world.Host.Time.Advance(TimeSpan.FromSeconds(30));
        var (ok, done) = await PostSecondStepAsync(html, Totp.Default.ComputeCode(seed, _world.Host.Time.GetUtcNow()));
        Assert.True(ok == HttpStatusCode.OK, done);
        Assert.Contains("id=\"done\"", done, StringComparison.Ordinal);
        Assert.Equal("PENDING_DEVICE_COMPLETION", (await _world.StatusOkAsync(device, started.Rid)).GetProperty("status").GetString());

        // The one session left is the one the test logged in with: the page's was revoked.
        var audit = await _world.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/v1/audit?action=token.revoked", Present.Bearer(await _world.Host.LoginAdminAsync()));
        Assert.Single(audit.GetProperty("events").EnumerateArray(), e => e.GetProperty("actor").GetProperty("id").GetString() == login.UserId);
        Assert.Equal(HttpStatusCode.OK, (await self.GetAsync("/v1/me")).StatusCode);
        using var complete = await _world.CompleteAsync(device, started.Rid, started.Nonce);
        var owner = (await SecureWorld.ExpectAsync(HttpStatusCode.OK, complete, "complete")).GetProperty("data").GetProperty("uid").GetString();
        Assert.Equal(login.UserId, owner);
    }

    private async Task<(HttpStatusCode, string)> PostSecondStepAsync(string page, string code)
    {
        using var client = _world.Host.CreateClient();
        var fields = new Dictionary<string, string> { ["otp"] = code };
        foreach (var name in new[] { "username", "challenge", "pin", "serial" })
        {
            fields[name] = Hidden(page, name);
        }
        using var response = await client.PostAsync("/pair", new FormUrlEncodedContent(fields));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Hidden(string html, string name)
    {
        var match = HiddenField().Matches(html).FirstOrDefault(m => m.Groups[1].Value == name);
        Assert.True(match is not null, $"The page has no hidden '{name}':\n{html}");
        return System.Net.WebUtility.HtmlDecode(match.Groups[2].Value);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([a-z]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
