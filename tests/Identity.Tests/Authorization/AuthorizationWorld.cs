using System.Text;
using System.Text.Json;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>
/// One gateway (in-memory storage) and a world built through the HTTP API only: an account with
/// its administrator, an operator role and an operator, a plain user, an application with a user,
/// API keys of every kind, a device with a token and a key, RFCx registration and temporary
/// tokens, a revoked token and an expired one.
/// <para>
/// Credentials that some cell may revoke (login sessions, device tokens) are issued fresh for
/// every cell by <see cref="CredentialAsync"/>: logout, logout-all and password changes end
/// sessions, and a key's owner changing a password ends the owner's sessions too, so sharing them
/// would make cells depend on xunit's order. Setup inside cells uses API keys
/// (<see cref="AdminKey"/>, <see cref="UserKey"/>), which no session revocation touches.
/// </para>
/// </summary>
public sealed class AuthorizationWorld : IAsyncLifetime
{
    /// <summary>Every user of the world has this password (the administrator's is changed to it); <c>me.password</c> sets it again, so it never changes.</summary>
    public const string Password = "matrix-password-for-tests";

    /// <summary>The operator role: reads users, applications and roles of the account, manages nothing.</summary>
    public const string OperatorRole = "support";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private int _names;
    private GatewayHost? _host;
    private HttpClient? _client;

    public GatewayHost Host => _host ?? throw new InvalidOperationException("The world is not built yet.");

    private HttpClient Client => _client ?? throw new InvalidOperationException("The world is not built yet.");

    /// <summary>A system administrator's API key, for setup inside cells.</summary>
    public string AdminKey { get; private set; } = "";

    /// <summary>The plain user's API key, for setup that must be done as the plain user (device tokens and keys, RFCx tokens).</summary>
    public string UserKey { get; private set; } = "";

    public string AccountId { get; private set; } = "";

    public string AccountAdminUsername { get; private set; } = "";

    public string OperatorUsername { get; private set; } = "";

    public string UserUsername { get; private set; } = "";

    /// <summary>Another operator of the account (same role), that no principal is: the target of user-management rows.</summary>
    public string MemberId { get; private set; } = "";

    public string ApplicationId { get; private set; } = "";

    public string ApplicationUserId { get; private set; } = "";

    /// <summary>The id of <see cref="Principal.OperatorKey"/>'s key.</summary>
    public string OperatorKeyId { get; private set; } = "";

    /// <summary>The plain user's device.</summary>
    public string DeviceId { get; private set; } = "";

    private string OperatorKey { get; set; } = "";

    private string ApplicationKey { get; set; } = "";

    private string TrustedApplicationKey { get; set; } = "";

    private string ApplicationUserKey { get; set; } = "";

    private string DeviceKey { get; set; } = "";

    private string RegistrationTokenId { get; set; } = "";

    private string RegistrationCode { get; set; } = "";

    private string TemporaryTokenId { get; set; } = "";

    private string TemporaryToken { get; set; } = "";

    /// <summary>A confidential OAuth2 client of the plain user, registered for <see cref="OAuthRedirectUri"/> and devices:read.</summary>
    public string OAuthClientId { get; private set; } = "";

    public string OAuthClientSecret { get; private set; } = "";

    public const string OAuthRedirectUri = "http://127.0.0.1:9/callback";

    /// <summary>Public for the test that checks it fails as revoked, not as unknown.</summary>
    public string RevokedToken { get; private set; } = "";

    /// <summary>Public for the test that checks it fails as expired, not as unknown.</summary>
    public string ExpiredToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _host = await GatewayHost.StartAsync(sqlite: false);
        // Redirects are answers here (the OAuth2 consent form's 302), never followed.
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var admin = await _host.LoginAdminAsync();
        // From here every world user, the administrator included, has Password, so one
        // me.password body fits every principal.
        await SetupAsync(HttpMethod.Put, "/v1/me/password", new { currentPassword = GatewayHost.AdminPassword, newPassword = Password }, admin);
        admin = await LoginAsync(GatewayHost.AdminUsername);
        AdminKey = (await SetupAsync(HttpMethod.Post, "/v1/keys", new { name = "matrix setup" }, admin)).GetProperty("key").GetString()!;

        // The account, its administrator, its operator role, an operator and another member.
        AccountAdminUsername = NewName("accountadmin");
        var accountAdminId = await CreateUserAsync(AccountAdminUsername);
        AccountId = (await SetupAsync(HttpMethod.Post, "/v1/accounts", new { name = "Matrix account", administratorId = accountAdminId }, AdminKey)).GetProperty("id").GetString()!;
        var accountAdmin = await LoginAsync(AccountAdminUsername);
        await SetupAsync(HttpMethod.Put, $"/v1/accounts/{AccountId}/roles/{OperatorRole}",
            new { permissions = new[] { "users:read", "applications:read", "roles:read" }, description = "Reads the account; manages nothing." }, accountAdmin);
        OperatorUsername = NewName("operator");
        var operatorId = await CreateUserAsync(OperatorUsername);
        await SetupAsync(HttpMethod.Put, $"/v1/accounts/{AccountId}/operators/{operatorId}", new { role = OperatorRole }, accountAdmin);
        MemberId = await CreateAccountMemberAsync();
        OperatorKey = await CreateKeyAsync(await LoginAsync(OperatorUsername), "operator key");
        OperatorKeyId = OperatorKey[..OperatorKey.IndexOf('.')];

        // The application, its two keys, and one application user with their key.
        var application = await SetupAsync(HttpMethod.Post, $"/v1/accounts/{AccountId}/applications", new { name = "Matrix application" }, accountAdmin);
        ApplicationId = application.GetProperty("application").GetProperty("id").GetString()!;
        ApplicationKey = application.GetProperty("applicationApiKey").GetString()!;
        TrustedApplicationKey = application.GetProperty("trustedApplicationApiKey").GetString()!;
        var applicationUser = await SetupAsync(HttpMethod.Post, $"/v1/applications/{ApplicationId}/users",
            new { username = NewName("appuser"), password = Password }, ApplicationKey);
        ApplicationUserId = applicationUser.GetProperty("user").GetProperty("id").GetString()!;
        ApplicationUserKey = applicationUser.GetProperty("applicationUserApiKey").GetString()!;

        // The plain user, their device and its key, and their RFCx tokens.
        UserUsername = NewName("user");
        await CreateUserAsync(UserUsername);
        var user = await LoginAsync(UserUsername);
        UserKey = await CreateKeyAsync(user, "user setup key");
        DeviceId = (await SetupAsync(HttpMethod.Post, "/v1/devices", new { name = "Matrix device" }, user)).GetProperty("id").GetString()!;
        DeviceKey = (await SetupAsync(HttpMethod.Post, $"/v1/devices/{DeviceId}/keys", new { name = "device key" }, user)).GetProperty("key").GetString()!;
        var registration = await SetupAsync(HttpMethod.Post, "/v1/registration-tokens", new { type = "user", uses = 10_000 }, user);
        RegistrationTokenId = registration.GetProperty("id").GetString()!;
        RegistrationCode = registration.GetProperty("code").GetString()!;
        var temporary = await SetupAsync(HttpMethod.Post, "/v1/temporary-tokens",
            new { endpoints = new[] { "me.get" }, uses = 1_000, expiresInSeconds = 86_400 }, user);
        TemporaryTokenId = temporary.GetProperty("id").GetString()!;
        TemporaryToken = temporary.GetProperty("token").GetString()!;

        // An OAuth2 client of the plain user.
        var oauthClient = await RegisterOAuthClientAsync();
        OAuthClientId = oauthClient.ClientId;
        OAuthClientSecret = oauthClient.Secret;

        // A login token, logged out.
        RevokedToken = await LoginAsync(UserUsername);
        await SetupAsync(HttpMethod.Post, "/v1/auth/logout", null, RevokedToken);

        // Expiry needs the shared clock to move, which would expire other credentials too; so the
        // expired principal is a device token that lives 60 s, and the clock moves 120 s once,
        // last. Everything else lives far longer (login tokens 12 h, RFCx tokens a day), and
        // cells issue their session credentials after this point.
        ExpiredToken = (await SetupAsync(HttpMethod.Post, $"/v1/devices/{DeviceId}/tokens", new { expiresInSeconds = 60 }, UserKey)).GetProperty("token").GetString()!;
        _host.Time.Advance(TimeSpan.FromSeconds(120));
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>
    /// The credential <paramref name="principal"/> presents. Sessions and device tokens are new
    /// for each call (see the class remarks); keys and RFCx tokens are the world's own.
    /// </summary>
    public async Task<MatrixCredential> CredentialAsync(Principal principal) => principal switch
    {
        Principal.Anonymous => MatrixCredential.None,
        Principal.SystemAdmin => new(await LoginAsync(GatewayHost.AdminUsername)),
        Principal.User => new(await LoginAsync(UserUsername)),
        Principal.AccountAdmin => new(await LoginAsync(AccountAdminUsername)),
        Principal.Operator => new(await LoginAsync(OperatorUsername)),
        Principal.OperatorKey => new(OperatorKey),
        Principal.ApplicationKey => new(ApplicationKey),
        Principal.TrustedApplicationKey => new(TrustedApplicationKey),
        Principal.ApplicationUserKey => new(ApplicationUserKey),
        Principal.DeviceKey => new(DeviceKey),
        Principal.Device => new((await IssueDeviceTokenAsync()).Token),
        Principal.RegistrationToken => MatrixCredential.Rfcx($"register/{RegistrationTokenId}", RegistrationCode),
        Principal.TemporaryToken => MatrixCredential.Rfcx($"token/{TemporaryTokenId}", TemporaryToken),
        Principal.RevokedToken => new(RevokedToken),
        Principal.ExpiredToken => new(ExpiredToken),
        _ => throw new ArgumentOutOfRangeException(nameof(principal), principal, "No credential for this principal."),
    };

    /// <summary>A username never used before in this world.</summary>
    public string NewName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _names):D4}";

    /// <summary>Sends <paramref name="request"/> with <paramref name="credential"/>; returns the status and the body as text.</summary>
    public async Task<(int Status, string Body)> SendAsync(MatrixRequest request, MatrixCredential credential)
    {
        using var message = new HttpRequestMessage(request.Method, request.Path);
        if (request.Form is not null)
        {
            message.Content = new FormUrlEncodedContent(request.Form);
        }
        else if (request.Body is not null)
        {
            // Serialized up front so the request carries Content-Length, as most clients send it:
            // POST /v1/devices/{id}/tokens ignores a chunked body (see the report).
            message.Content = new StringContent(JsonSerializer.Serialize(request.Body, request.Body.GetType(), Json), Encoding.UTF8, "application/json");
        }
        credential.ApplyTo(message);
        using var response = await Client.SendAsync(message);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A setup request that must succeed (anonymous when <paramref name="bearer"/> is null); fails the test with the response otherwise.</summary>
    public async Task<JsonElement> SetupAsync(HttpMethod method, string path, object? body, string? bearer)
    {
        var (status, text) = await SendAsync(new MatrixRequest(method, path, body), bearer is null ? MatrixCredential.None : new MatrixCredential(bearer));
        Assert.True(status is >= 200 and < 300, $"Setup {method} {path} failed: {status} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Logs a world user in (they all share <see cref="Password"/>) and returns the access token.</summary>
    public async Task<string> LoginAsync(string username) =>
        (await LoginResponseAsync(username)).GetProperty("accessToken").GetString()!;

    /// <summary>Logs in; returns the whole token response (access and refresh tokens).</summary>
    public Task<JsonElement> LoginResponseAsync(string username) =>
        SetupAsync(HttpMethod.Post, "/v1/auth/login", new { username, password = Password }, bearer: null);

    /// <summary>A new user with no account; returns their id.</summary>
    public async Task<string> CreateUserAsync(string username) =>
        (await SetupAsync(HttpMethod.Post, "/v1/users", new { username, password = Password }, AdminKey)).GetProperty("id").GetString()!;

    /// <summary>A new operator of the account with <see cref="OperatorRole"/>; returns their id.</summary>
    public async Task<string> CreateAccountMemberAsync()
    {
        var id = await CreateUserAsync(NewName("member"));
        await SetupAsync(HttpMethod.Put, $"/v1/accounts/{AccountId}/operators/{id}", new { role = OperatorRole }, AdminKey);
        return id;
    }

    /// <summary>A new token of the world's device, issued by its owner: (token, token id).</summary>
    public async Task<(string Token, string TokenId)> IssueDeviceTokenAsync()
    {
        var issued = await SetupAsync(HttpMethod.Post, $"/v1/devices/{DeviceId}/tokens", new { }, UserKey);
        return (issued.GetProperty("token").GetString()!, issued.GetProperty("tokenId").GetString()!);
    }

    /// <summary>A new private device type of the plain user; returns its id.</summary>
    public async Task<string> CreateDeviceTypeAsync() =>
        (await SetupAsync(HttpMethod.Post, "/v1/device-types", new { name = "Matrix type" }, UserKey)).GetProperty("id").GetString()!;

    /// <summary>A new confidential OAuth2 client of the plain user (devices:read, <see cref="OAuthRedirectUri"/>).</summary>
    public async Task<(string ClientId, string Secret)> RegisterOAuthClientAsync()
    {
        var created = await SetupAsync(HttpMethod.Post, "/v1/oauth/clients",
            new { name = "Matrix client", redirectUris = new[] { OAuthRedirectUri }, scopes = new[] { "devices:read" }, confidential = true }, UserKey);
        return (created.GetProperty("clientId").GetString()!, created.GetProperty("clientSecret").GetString()!);
    }

    /// <summary>Opens the world client's consent page (anonymously, as a browser does) and returns its single-use form token.</summary>
    public async Task<string> ConsentFormTokenAsync()
    {
        var (status, html) = await SendAsync(new MatrixRequest(HttpMethod.Get,
            $"/api/oauth/authorize?response_type=code&client_id={OAuthClientId}&redirect_uri={Uri.EscapeDataString(OAuthRedirectUri)}&scope=devices:read&state=matrix"),
            MatrixCredential.None);
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"form_token\" value=\"([0-9a-f]{64})\"");
        Assert.True(status == 200 && token.Success, $"The consent page did not render: {status} {html}");
        return token.Groups[1].Value;
    }

    private async Task<string> CreateKeyAsync(string bearer, string name) =>
        (await SetupAsync(HttpMethod.Post, "/v1/keys", new { name }, bearer)).GetProperty("key").GetString()!;
}
