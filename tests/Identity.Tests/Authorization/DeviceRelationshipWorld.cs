using System.Text;
using System.Text.Json;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>
/// The world of <see cref="DeviceRelationshipMatrix"/>, built through the HTTP API: an owner with a
/// public and a private device (each shared with a reader and a writer, and each with a handle),
/// another user, a bystander that sharing and transfer rows target, and an account with an
/// application, its two keys and an application user's key. Device credentials are issued for
/// the cell's own target device, fresh each time.
/// </summary>
public sealed class DeviceRelationshipWorld : IAsyncLifetime
{
    private const string Password = "relationship-password";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private int _names;
    private GatewayHost? _host;
    private HttpClient? _client;

    private GatewayHost Host => _host ?? throw new InvalidOperationException("The world is not built yet.");

    private HttpClient Client => _client ?? throw new InvalidOperationException("The world is not built yet.");

    public string OwnerUsername { get; private set; } = "";

    /// <summary>A user that sharing and transfer rows name; no column is this user.</summary>
    public string BystanderId { get; private set; } = "";

    public DeviceTarget PublicDevice { get; private set; } = null!;

    public DeviceTarget PrivateDevice { get; private set; } = null!;

    private string AdminKey { get; set; } = "";

    private string OwnerToken { get; set; } = "";

    private string OwnerKey { get; set; } = "";

    private string ReaderToken { get; set; } = "";

    private string WriterToken { get; set; } = "";

    private string OtherToken { get; set; } = "";

    private string ReaderId { get; set; } = "";

    private string WriterId { get; set; } = "";

    private string ApplicationKey { get; set; } = "";

    private string TrustedApplicationKey { get; set; } = "";

    private string ApplicationUserKey { get; set; } = "";

    public async Task InitializeAsync()
    {
        _host = await GatewayHost.StartAsync(sqlite: false);
        _client = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var admin = await _host.LoginAdminAsync();
        AdminKey = (await SetupAsync(HttpMethod.Post, "/v1/keys", new { name = "relationship setup" }, admin)).GetProperty("key").GetString()!;

        OwnerUsername = NewName("owner");
        await CreateUserAsync(OwnerUsername);
        OwnerToken = await LoginAsync(OwnerUsername);
        OwnerKey = (await SetupAsync(HttpMethod.Post, "/v1/keys", new { name = "owner key" }, OwnerToken)).GetProperty("key").GetString()!;
        var reader = NewName("reader");
        ReaderId = await CreateUserAsync(reader);
        ReaderToken = await LoginAsync(reader);
        var writer = NewName("writer");
        WriterId = await CreateUserAsync(writer);
        WriterToken = await LoginAsync(writer);
        var other = NewName("other");
        await CreateUserAsync(other);
        OtherToken = await LoginAsync(other);
        BystanderId = await CreateUserAsync(NewName("bystander"));

        var accountAdmin = NewName("accountadmin");
        var accountAdminId = await CreateUserAsync(accountAdmin);
        var accountId = (await SetupAsync(HttpMethod.Post, "/v1/accounts", new { name = "Relationship account", administratorId = accountAdminId }, AdminKey)).GetProperty("id").GetString()!;
        var application = await SetupAsync(HttpMethod.Post, $"/v1/accounts/{accountId}/applications", new { name = "Relationship app" }, await LoginAsync(accountAdmin));
        ApplicationKey = application.GetProperty("applicationApiKey").GetString()!;
        TrustedApplicationKey = application.GetProperty("trustedApplicationApiKey").GetString()!;
        var applicationId = application.GetProperty("application").GetProperty("id").GetString()!;
        ApplicationUserKey = (await SetupAsync(HttpMethod.Post, $"/v1/applications/{applicationId}/users", new { username = NewName("appuser"), password = Password }, ApplicationKey))
            .GetProperty("applicationUserApiKey").GetString()!;

        PublicDevice = await NewDeviceAsync(isPublic: true);
        PrivateDevice = await NewDeviceAsync(isPublic: false);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>The device a cell acts on: the public device for the "on public" columns, the private one otherwise; new for <see cref="DeviceRelationshipRow.Fresh"/> rows.</summary>
    public async Task<DeviceTarget> TargetAsync(DeviceRelationshipRow row, DeviceRelation relation)
    {
        var isPublic = relation <= DeviceRelation.AnonymousOnPublic;
        return row.Fresh ? await NewDeviceAsync(isPublic) : isPublic ? PublicDevice : PrivateDevice;
    }

    public async Task<MatrixCredential> CredentialAsync(DeviceRelation relation, DeviceTarget target) => relation switch
    {
        DeviceRelation.OwnerOnPublic or DeviceRelation.OwnerOnPrivate => new(OwnerToken),
        DeviceRelation.SharedReadOnPublic or DeviceRelation.SharedReadOnPrivate => new(ReaderToken),
        DeviceRelation.SharedWriteOnPublic or DeviceRelation.SharedWriteOnPrivate => new(WriterToken),
        DeviceRelation.OtherUserOnPublic or DeviceRelation.OtherUserOnPrivate => new(OtherToken),
        DeviceRelation.AnonymousOnPublic or DeviceRelation.AnonymousOnPrivate => MatrixCredential.None,
        DeviceRelation.DeviceToken => new((await IssueTokenAsync(target.Id, null)).Token),
        DeviceRelation.DeviceKey => new((await SetupAsync(HttpMethod.Post, $"/v1/devices/{target.Id}/keys", new { name = "cell key" }, OwnerKey)).GetProperty("key").GetString()),
        DeviceRelation.RevokedDeviceToken => new(await RevokedTokenAsync(target.Id)),
        DeviceRelation.ExpiredDeviceToken => new(await ExpiredTokenAsync(target.Id)),
        DeviceRelation.OwnerOperatorKey => new(OwnerKey),
        DeviceRelation.ApplicationKey => new(ApplicationKey),
        DeviceRelation.TrustedApplicationKey => new(TrustedApplicationKey),
        DeviceRelation.ApplicationUserKey => new(ApplicationUserKey),
        _ => throw new ArgumentOutOfRangeException(nameof(relation), relation, "No credential for this relation."),
    };

    /// <summary>Sends <paramref name="request"/> with <paramref name="credential"/>; returns the status and the body as text.</summary>
    public async Task<(int Status, string Body)> SendAsync(MatrixRequest request, MatrixCredential credential)
    {
        using var message = new HttpRequestMessage(request.Method, request.Path);
        if (request.Body is not null)
        {
            message.Content = new StringContent(JsonSerializer.Serialize(request.Body, request.Body.GetType(), Json), Encoding.UTF8, "application/json");
        }
        credential.ApplyTo(message);
        using var response = await Client.SendAsync(message);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<DeviceTarget> NewDeviceAsync(bool isPublic)
    {
        var handle = NewName(isPublic ? "pub" : "priv");
        var id = (await SetupAsync(HttpMethod.Post, "/v1/devices",
            new { name = "Relationship device", handle, visibility = isPublic ? "public" : "private" }, OwnerKey)).GetProperty("id").GetString()!;
        await SetupAsync(HttpMethod.Put, $"/v1/devices/{id}/shares/{ReaderId}", new { access = "read" }, OwnerKey);
        await SetupAsync(HttpMethod.Put, $"/v1/devices/{id}/shares/{WriterId}", new { access = "write" }, OwnerKey);
        return new DeviceTarget(id, handle);
    }

    private async Task<(string Token, string TokenId)> IssueTokenAsync(string deviceId, int? expiresInSeconds)
    {
        var issued = await SetupAsync(HttpMethod.Post, $"/v1/devices/{deviceId}/tokens", new { expiresInSeconds }, OwnerKey);
        return (issued.GetProperty("token").GetString()!, issued.GetProperty("tokenId").GetString()!);
    }

    private async Task<string> RevokedTokenAsync(string deviceId)
    {
        var (token, id) = await IssueTokenAsync(deviceId, null);
        await SetupAsync(HttpMethod.Delete, $"/v1/tokens/{id}", null, OwnerKey);
        return token;
    }

    /// <summary>A token that lives one second, and a clock moved two: nothing else in the world lives that briefly.</summary>
    private async Task<string> ExpiredTokenAsync(string deviceId)
    {
        var (token, _) = await IssueTokenAsync(deviceId, 1);
        Host.Time.Advance(TimeSpan.FromSeconds(2));
        return token;
    }

    private string NewName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _names):D4}";

    private async Task<JsonElement> SetupAsync(HttpMethod method, string path, object? body, string? bearer)
    {
        var (status, text) = await SendAsync(new MatrixRequest(method, path, body), bearer is null ? MatrixCredential.None : new MatrixCredential(bearer));
        Assert.True(status is >= 200 and < 300, $"Setup {method} {path} failed: {status} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<string> CreateUserAsync(string username) =>
        (await SetupAsync(HttpMethod.Post, "/v1/users", new { username, password = Password }, AdminKey)).GetProperty("id").GetString()!;

    private async Task<string> LoginAsync(string username) =>
        (await SetupAsync(HttpMethod.Post, "/v1/auth/login", new { username, password = Password }, null)).GetProperty("accessToken").GetString()!;
}
