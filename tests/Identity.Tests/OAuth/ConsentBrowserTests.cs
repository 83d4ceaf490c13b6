using Gatehouse.Tests.Hosting;
using Microsoft.Playwright;

namespace Gatehouse.Identity.Tests.OAuth;

/// <summary>
/// The consent page in a real browser: Debian's Chromium, headless, driven by Playwright. It
/// checks what only a browser can: that the page works under its own Content-Security-Policy
/// (inline style by nonce, form post, and the 302 to the client, which CSP's form-action also
/// governs), that the scopes are ticked checkboxes a user can untick, and that the redirect
/// reaches the client's loopback listener with the code and state.
/// <para>
/// No browser is downloaded: the test uses /usr/bin/chromium (test.sh installs Debian's
/// <c>chromium</c>) and Playwright's Node driver from the NuGet package.
/// </para>
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsentBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task AUserLogsIn_UnticksAScope_Allows_AndTheClientGetsACodeForTheRest()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install chromium (apt-get install chromium), as test.sh does.");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");

        await using var host = await GatewayHost.StartAsync();
        await using var callback = await CallbackListener.StartAsync();
        using var oauth = new OAuthDriver(host);
        var (userId, owner) = await oauth.CreateUserAsync("browser.user");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read", "messages:read", "profile:read"], confidential: false,
            redirectUris: [callback.RedirectUri], name: "Greenhouse monitor");
        var (verifier, challenge) = OAuthDriver.NewPkce();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync();
        // CSP violations are reported on the console; failed loads are checked by URL below.
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                consoleErrors.Add(message.Text);
            }
        };
        var failedLoads = new List<string>();
        page.Response += (_, loaded) =>
        {
            if (loaded.Status >= 400)
            {
                failedLoads.Add($"{loaded.Status} {loaded.Url}");
            }
        };

        var url = $"{host.BaseAddress}api/oauth/authorize?response_type=code&client_id={client.ClientId}"
            + $"&redirect_uri={Uri.EscapeDataString(callback.RedirectUri)}&scope={Uri.EscapeDataString("devices:read messages:read profile:read")}"
            + $"&state=browser-state&code_challenge={challenge}&code_challenge_method=S256";
        var response = await page.GotoAsync(url);
        Assert.Equal(200, response!.Status);
        Assert.Equal("Greenhouse monitor", await page.Locator("#client-name").InnerTextAsync());
        foreach (var scope in new[] { "devices:read", "messages:read", "profile:read" })
        {
            Assert.True(await page.Locator($"input[name=scope][value='{scope}']").IsCheckedAsync(), $"{scope} should be ticked at first.");
        }
        // The nonce'd inline style applies under the CSP: labels are block elements, as the style sheet says.
        Assert.Equal("block", await page.Locator("label[for=username]").EvaluateAsync<string>("e => getComputedStyle(e).display"));

        await page.FillAsync("#username", "browser.user");
        await page.FillAsync("#password", OAuthDriver.Password);
        await page.Locator("input[name=scope][value='profile:read']").UncheckAsync();
        await page.ClickAsync("#allow");
        // The client's own listener is the signal that the redirect arrived, then its page; not
        // WaitForURL, which once sat out its whole timeout with the browser already showing the
        // callback page (a loaded machine, the navigation finished before the wait began).
        if (!await callback.TryReceiveAsync(TimeSpan.FromSeconds(30)))
        {
            // Say where the browser is instead, and what it shows: an error page tells why.
            var shown = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
            Assert.Fail($"Nothing arrived at {callback.RedirectUri} within 30 s of Allow; the browser is at {page.Url}, showing:\n{shown}");
        }
        await page.Locator("#done").WaitForAsync(new() { Timeout = 30_000 });
        Assert.StartsWith(callback.RedirectUri + "?", page.Url, StringComparison.Ordinal);

        var received = callback.Received;
        Assert.Equal("browser-state", received["state"].ToString());
        var code = received["code"].ToString();
        Assert.Matches("^[0-9a-f]{64}$", code);
        Assert.Equal("The application received the answer.", await page.Locator("#done").InnerTextAsync());
        Assert.True(consoleErrors.Count == 0, "The browser reported errors (a CSP violation?):\n" + string.Join('\n', consoleErrors));
        // The browser asks both servers for a favicon, which neither has; nothing else may fail.
        Assert.All(failedLoads, failed => Assert.EndsWith("/favicon.ico", failed, StringComparison.Ordinal));

        var tokens = (await oauth.ExchangeAsync(client, code, codeVerifier: verifier)).ExpectTokens();
        Assert.Equal("devices:read messages:read", tokens.Scope);
        Assert.Equal(["devices:read", "messages:read"], await oauth.PermissionsAsync(tokens.AccessToken));
        Assert.Equal(userId, (await oauth.Api.MeAsync(Present.Bearer(tokens.AccessToken))).GetProperty("id").GetString());
    }
}
