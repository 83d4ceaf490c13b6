using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gatehouse.Tests.Hosting;
using Microsoft.Playwright;

namespace Gatehouse.Identity.Tests.SecureRegistration;

/// <summary>
/// The pairing page of ARTIK secure registration in a real browser (Debian's Chromium, headless,
/// through Playwright; no browser is downloaded). A device starts over a real TLS handshake with a
/// certificate a vendor CA signed; the user, in the browser, gets a wrong serial refused, then
/// enters the PIN and the serial's last 4 digits and presses Pair; the device then sees
/// PENDING_DEVICE_COMPLETION. It checks what only a browser can: the form works under the
/// page's Content-Security-Policy, and the nonce'd style applies.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PairingBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Password = "pairing-password-1234";

    [Fact]
    public async Task A_user_pairs_a_device_in_the_browser_with_the_pin_and_serial_digits()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install chromium (apt-get install chromium), as test.sh does.");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");

        await using var host = await GatewayHost.StartSecureAsync();
        using var api = new IdentityApi(host);
        var vendor = Present.Bearer((await api.CreateUserAndLoginAsync("vendor", Password)).AccessToken);
        var buyerId = await api.CreateUserAsync("buyer", Password);
        var ca = TestPki.CertificateAuthority("Browser vendor CA");
        var type = await api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/device-types", vendor, new { name = "Doorbell", visibility = "public" });
        var typeId = type.GetProperty("id").GetString()!;
        await api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/v1/device-types/{typeId}/trust", vendor, new { certificates = new[] { TestPki.Pem(ca) } });

        using var device = TestPki.DeviceCertificate(ca, "doorbell", serial: [0x01, 0x02, 0x7e, 0x5f]);
        using var client = TestPki.Client(host.SecureAddress!, host.ServerCertificate!, device);
        using var start = await client.PostAsJsonAsync("/v1.1/cert/devices/registrations", new { deviceTypeId = typeId, vendorDeviceId = "door-1" });
        var started = JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("data");
        var rid = started.GetProperty("rid").GetString()!;
        var pin = started.GetProperty("pin").GetString()!;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                consoleErrors.Add(message.Text);
            }
        };

        var response = await page.GotoAsync($"{host.BaseAddress}pair");
        Assert.Equal(200, response!.Status);
        Assert.Equal("block", await page.Locator("label[for=pin]").EvaluateAsync<string>("e => getComputedStyle(e).display"));

        await page.FillAsync("#username", "buyer");
        await page.FillAsync("#password", Password);
        await page.FillAsync("#pin", pin);
        await page.FillAsync("#serial", "0000");
        await page.ClickAsync("#pair");
        await page.Locator("#error").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Contains("4 attempt(s) left", await page.Locator("#error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("buyer", await page.InputValueAsync("#username"));

        await page.FillAsync("#password", Password);
        await page.FillAsync("#pin", pin.ToLowerInvariant());
        await page.FillAsync("#serial", "7e5f");
        await page.ClickAsync("#pair");
        await page.Locator("#done").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Contains("Doorbell door-1", await page.Locator("#done").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(consoleErrors.Count == 0, "The browser reported errors (a CSP violation?):\n" + string.Join('\n', consoleErrors));

        using var status = await client.GetAsync($"/v1.1/cert/devices/registrations/{rid}/status");
        Assert.Equal("""{"data":{"status":"PENDING_DEVICE_COMPLETION"}}""", await status.Content.ReadAsStringAsync());
        using var complete = await client.PutAsJsonAsync($"/v1.1/cert/devices/registrations/{rid}", new { nonce = started.GetProperty("nonce").GetString() });
        var completed = JsonDocument.Parse(await complete.Content.ReadAsStringAsync()).RootElement.GetProperty("data");
        Assert.Equal(buyerId, completed.GetProperty("uid").GetString());
    }
}
