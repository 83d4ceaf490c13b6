using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gatehouse.Grains.Identity.Secrets;

namespace Gatehouse.Tests.Hosting;

/// <summary>
/// The identity HTTP API as acceptance tests drive it: plain requests against a <see cref="GatewayHost"/>,
/// a credential applied by a <see cref="Present"/> function, and the set-up calls (users, keys,
/// devices, tokens) that fail the test with the response body when they do not succeed.
/// </summary>
public sealed class IdentityApi(GatewayHost host) : IDisposable
{
    private readonly HttpClient _client = host.CreateClient();
    private Action<HttpRequestMessage>? _admin;

    public GatewayHost Host => host;

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Action<HttpRequestMessage>? credential = null, object? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }
        credential?.Invoke(request);
        // HttpClient buffers the response body, so it stays readable after the request is disposed.
        return await _client.SendAsync(request);
    }

    /// <summary>Sends, asserts the status (showing the body when it differs), and returns the JSON body, or an undefined element when there is none.</summary>
    /// <param name="because">Why the status is expected, for the failure message where the reason is not obvious.</param>
    public async Task<JsonElement> ExpectAsync(HttpStatusCode expected, HttpMethod method, string path, Action<HttpRequestMessage>? credential = null, object? json = null, string? because = null)
    {
        using var response = await SendAsync(method, path, credential, json);
        return await ExpectAsync(expected, response, because is null ? $"{method} {path}" : $"{method} {path} ({because})");
    }

    public static async Task<JsonElement> ExpectAsync(HttpStatusCode expected, HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{what}: expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>GET /v1/me, which must succeed: who the request ran as.</summary>
    public Task<JsonElement> MeAsync(Action<HttpRequestMessage> credential) => ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/v1/me", credential);

    public async Task<HttpStatusCode> MeStatusAsync(Action<HttpRequestMessage> credential)
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/me", credential);
        return response.StatusCode;
    }

    /// <summary>The bootstrap administrator, logged in once per test.</summary>
    public async Task<Action<HttpRequestMessage>> AdminAsync() => _admin ??= Present.Bearer(await host.LoginAdminAsync());

    public async Task<string> CreateUserAsync(string username, string password)
    {
        var user = await ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/users", await AdminAsync(), new { username, password });
        return user.GetProperty("id").GetString()!;
    }

    public async Task<LoginSession> LoginAsync(string username, string password)
    {
        var body = await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/v1/auth/login", null, new { username, password });
        return new LoginSession(body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!, body.GetProperty("userId").GetString()!);
    }

    public async Task<HttpResponseMessage> TryLoginAsync(string username, string password) =>
        await SendAsync(HttpMethod.Post, "/v1/auth/login", null, new { username, password });

    public async Task<LoginSession> CreateUserAndLoginAsync(string username, string password)
    {
        await CreateUserAsync(username, password);
        return await LoginAsync(username, password);
    }

    /// <summary>POST /v1/keys: a key for the caller itself.</summary>
    public async Task<IssuedKey> CreateKeyAsync(Action<HttpRequestMessage> owner, string name, DateTimeOffset? expiresAt = null)
    {
        var body = await ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/keys", owner, new { name, expiresAt });
        return ToKey(body);
    }

    public async Task<string> CreateDeviceAsync(Action<HttpRequestMessage> owner, string name)
    {
        var body = await ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/devices", owner, new { name });
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>POST /v1/devices/{id}/tokens: the token id and the token.</summary>
    public async Task<IssuedSecret> IssueDeviceTokenAsync(Action<HttpRequestMessage> owner, string deviceId, long? expiresInSeconds = null)
    {
        var body = await ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/v1/devices/{deviceId}/tokens", owner, new { expiresInSeconds });
        return new IssuedSecret(body.GetProperty("tokenId").GetString()!, body.GetProperty("token").GetString()!);
    }

    public async Task<IssuedKey> CreateDeviceKeyAsync(Action<HttpRequestMessage> owner, string deviceId, string name)
    {
        var body = await ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/v1/devices/{deviceId}/keys", owner, new { name });
        return ToKey(body);
    }

    /// <summary>POST /v1/registration-tokens: the token id and its short code.</summary>
    public async Task<IssuedSecret> CreateRegistrationTokenAsync(Action<HttpRequestMessage> creator, string type = "user", int uses = 1, long expiresInSeconds = 86400)
    {
        var body = await ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/registration-tokens", creator, new { type, uses, expiresInSeconds });
        return new IssuedSecret(body.GetProperty("id").GetString()!, body.GetProperty("code").GetString()!);
    }

    /// <summary>POST /v1/temporary-tokens: the token id and the token.</summary>
    public async Task<IssuedSecret> CreateTemporaryTokenAsync(Action<HttpRequestMessage> creator, string[] endpoints, int uses = 1, long expiresInSeconds = 900)
    {
        var body = await ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/temporary-tokens", creator, new { endpoints, uses, expiresInSeconds });
        return new IssuedSecret(body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!);
    }

    /// <summary>POST /v1/users/{id}/password-reset as the administrator: the one-time reset token.</summary>
    public async Task<string> BeginPasswordResetAsync(string userId)
    {
        var body = await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/v1/users/{userId}/password-reset", await AdminAsync());
        return body.GetProperty("resetToken").GetString()!;
    }

    /// <summary>
    /// The id DELETE /v1/tokens/{id} takes for a login token. The login response does not carry
    /// it, so a client derives it the way the gateway does: hex of the first half of the token's SHA-256.
    /// </summary>
    public static string TokenId(string token) => SecretDigest.LookupKey(token);

    public void Dispose() => _client.Dispose();

    private static IssuedKey ToKey(JsonElement body) =>
        new(body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!, body.GetProperty("secret").GetString()!);
}
