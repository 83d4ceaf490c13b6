using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.OAuth;

/// <summary>
/// OAuth2 as a client application and a user's browser drive it over HTTP: register a client,
/// fetch the consent page and read its form, post the form, follow nothing (a redirect is
/// asserted, never followed), and call the token endpoint with a urlencoded body.
/// </summary>
public sealed partial class OAuthDriver(GatewayHost host) : IDisposable
{
    public const string Password = "oauth-user-password";
    public const string RedirectUri = "http://127.0.0.1:9/callback";

    // No automatic redirects: the point of most requests here is where they would send the browser.
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = host.BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public IdentityApi Api { get; } = new(host);

    public GatewayHost Host => host;

    public HttpClient Http => _http;

    /// <summary>A new user with <see cref="Password"/>, logged in; returns their id and a bearer credential.</summary>
    public async Task<(string UserId, Action<HttpRequestMessage> Bearer)> CreateUserAsync(string username)
    {
        var session = await Api.CreateUserAndLoginAsync(username, Password);
        return (session.UserId, Present.Bearer(session.AccessToken));
    }

    /// <summary>POST /v1/oauth/clients as <paramref name="owner"/>; fails the test unless 201.</summary>
    public async Task<RegisteredClient> RegisterClientAsync(Action<HttpRequestMessage> owner, string[] scopes, bool confidential = true, string[]? redirectUris = null, string name = "Weather dashboard")
    {
        redirectUris ??= [RedirectUri];
        var body = await Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/oauth/clients", owner,
            new { name, redirectUris, scopes, confidential });
        return new RegisteredClient(
            body.GetProperty("clientId").GetString()!,
            body.TryGetProperty("clientSecret", out var secret) ? secret.GetString() : null,
            redirectUris[0]);
    }

    /// <summary>GET /api/oauth/authorize with these query parameters (null values left out).</summary>
    public Task<HttpResponseMessage> GetAuthorizeAsync(params (string Name, string? Value)[] parameters) =>
        _http.GetAsync("/api/oauth/authorize?" + Query(parameters));

    /// <summary>The usual authorization request of a client: response_type=code, its redirect URI, a scope and a state.</summary>
    public Task<HttpResponseMessage> GetAuthorizeAsync(RegisteredClient client, string? scope, string state = "xyz-state", string? codeChallenge = null) =>
        GetAuthorizeAsync(("response_type", "code"), ("client_id", client.ClientId), ("redirect_uri", client.RedirectUri),
            ("scope", scope), ("state", state), ("code_challenge", codeChallenge), ("code_challenge_method", codeChallenge is null ? null : "S256"));

    /// <summary>Fetches the consent page, which must be a 200 HTML page, and reads its form.</summary>
    public async Task<ConsentForm> OpenConsentPageAsync(RegisteredClient client, string? scope, string state = "xyz-state", string? codeChallenge = null)
    {
        using var response = await GetAuthorizeAsync(client, scope, state, codeChallenge);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"The consent page: expected 200, got {(int)response.StatusCode}: {html}");
        return ConsentForm.Parse(html);
    }

    /// <summary>POSTs the consent form as a browser does (urlencoded, checkboxes repeated).</summary>
    public Task<HttpResponseMessage> PostConsentAsync(IEnumerable<(string Name, string Value)> fields) =>
        _http.PostAsync("/api/oauth/authorize", new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    /// <summary>Logs in on the page, keeps only <paramref name="chosen"/> ticked, presses Allow.</summary>
    public Task<HttpResponseMessage> AllowAsync(ConsentForm form, string username, IEnumerable<string> chosen, string password = Password) =>
        PostConsentAsync([("form_token", form.FormToken), ("username", username), ("password", password),
            .. chosen.Select(s => ("scope", s)), ("decision", "allow")]);

    /// <summary>The whole browser side: page, login, choice, Allow; returns the code from the 302, checking the state came back.</summary>
    public async Task<string> AuthorizeAsync(RegisteredClient client, string username, string scope, IEnumerable<string> chosen, string? codeChallenge = null)
    {
        var form = await OpenConsentPageAsync(client, scope, "flow-state", codeChallenge);
        using var response = await AllowAsync(form, username, chosen);
        var parameters = ExpectRedirect(response, client.RedirectUri);
        Assert.Equal("flow-state", parameters["state"]);
        return parameters["code"];
    }

    /// <summary>POST /api/oauth/token with a urlencoded body; optionally HTTP Basic client authentication.</summary>
    public async Task<TokenAnswer> TokenAsync(IEnumerable<(string Name, string? Value)> fields, (string Id, string Secret)? basic = null, Action<HttpRequestMessage>? extra = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/oauth/token")
        {
            Content = new FormUrlEncodedContent(fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Name, f.Value!))),
        };
        if (basic is { } credentials)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(credentials.Id)}:{Uri.EscapeDataString(credentials.Secret)}")));
        }
        extra?.Invoke(request);
        using var response = await _http.SendAsync(request);
        return await TokenAnswer.ReadAsync(response);
    }

    /// <summary>grant_type=authorization_code with client_secret in the body (confidential) or client_id alone (public).</summary>
    public Task<TokenAnswer> ExchangeAsync(RegisteredClient client, string code, string? codeVerifier = null, string? redirectUri = null) =>
        TokenAsync([("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectUri ?? client.RedirectUri),
            ("client_id", client.ClientId), ("client_secret", client.ClientSecret), ("code_verifier", codeVerifier)]);

    public Task<TokenAnswer> RefreshAsync(RegisteredClient client, string refreshToken, string? scope = null) =>
        TokenAsync([("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("scope", scope),
            ("client_id", client.ClientId), ("client_secret", client.ClientSecret)]);

    /// <summary>The permissions GET /v1/me reports for a bearer token, sorted.</summary>
    public async Task<string[]> PermissionsAsync(string accessToken)
    {
        var me = await Api.MeAsync(Present.Bearer(accessToken));
        return [.. me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()!).Order(StringComparer.Ordinal)];
    }

    /// <summary>Asserts a 302 to exactly <paramref name="redirectUri"/> plus a query, and returns the query's parameters.</summary>
    public static Dictionary<string, string> ExpectRedirect(HttpResponseMessage response, string redirectUri)
    {
        var location = response.Headers.Location?.OriginalString;
        Assert.True(response.StatusCode == HttpStatusCode.Found && location is not null,
            $"Expected a 302 to {redirectUri}, got {(int)response.StatusCode} (Location: {location ?? "none"}): {response.Content.ReadAsStringAsync().Result}");
        Assert.StartsWith(redirectUri + "?", location, StringComparison.Ordinal);
        return location![(redirectUri.Length + 1)..].Split('&')
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => Uri.UnescapeDataString(pair[1]), StringComparer.Ordinal);
    }

    /// <summary>An RFC 7636 verifier (43 characters) and its S256 challenge.</summary>
    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public void Dispose()
    {
        _http.Dispose();
        Api.Dispose();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Query((string Name, string? Value)[] parameters) =>
        string.Join('&', parameters.Where(p => p.Value is not null).Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value!)}"));
}
