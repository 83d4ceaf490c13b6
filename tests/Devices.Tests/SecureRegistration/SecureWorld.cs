using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Devices.Tests.SecureRegistration;

/// <summary>
/// A gateway serving plain http and the secure endpoint, a user who owns a secure device type
/// trusting a vendor CA, and the HTTP calls of seed 002's flow, each over a real TLS handshake.
/// </summary>
public sealed class SecureWorld : IAsyncDisposable
{
    public const string OwnerName = "vendor";
    public const string UserName = "buyer";
    public const string Password = "secure-password-1234";

    private readonly List<HttpClient> _clients = [];

    private SecureWorld(GatewayHost host, IdentityApi api)
    {
        Host = host;
        Api = api;
    }

    public GatewayHost Host { get; }

    public IdentityApi Api { get; }

    public Action<HttpRequestMessage> Vendor { get; private set; } = null!;

    public string BuyerId { get; private set; } = "";

    public X509Certificate2 VendorCa { get; } = TestPki.CertificateAuthority("Vendor Root CA");

    public string TypeId { get; private set; } = "";

    public static async Task<SecureWorld> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var host = await GatewayHost.StartSecureAsync(settings: settings);
        var world = new SecureWorld(host, new IdentityApi(host));
        world.Vendor = Present.Bearer((await world.Api.CreateUserAndLoginAsync(OwnerName, Password)).AccessToken);
        world.BuyerId = await world.Api.CreateUserAsync(UserName, Password);
        world.TypeId = await world.CreateSecureTypeAsync(world.VendorCa);
        return world;
    }

    public async Task<string> CreateSecureTypeAsync(params X509Certificate2[] trust)
    {
        var type = await Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/device-types", Vendor,
            new { name = "Smart band", visibility = "public" });
        var id = type.GetProperty("id").GetString()!;
        var secured = await Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/v1/device-types/{id}/trust", Vendor,
            new { certificates = trust.Select(TestPki.Pem).ToArray() });
        Assert.True(secured.GetProperty("secure").GetBoolean());
        return id;
    }

    public X509Certificate2 NewDevice(string name = "band", byte[]? serial = null) => TestPki.DeviceCertificate(VendorCa, name, serial);

    /// <summary>A client of the secure endpoint presenting <paramref name="certificate"/> (none when null).</summary>
    public HttpClient Secure(X509Certificate2? certificate, string? bearer = null)
    {
        var client = TestPki.Client(Host.SecureAddress!, Host.ServerCertificate!, certificate, bearer);
        _clients.Add(client);
        return client;
    }

    public Task<HttpResponseMessage> StartAsync(X509Certificate2? certificate, string vendorDeviceId, string? typeId = null) =>
        Secure(certificate).PostAsJsonAsync("/v1.1/cert/devices/registrations", new { deviceTypeId = typeId ?? TypeId, vendorDeviceId });

    public async Task<Started> StartOkAsync(X509Certificate2 certificate, string vendorDeviceId)
    {
        using var response = await StartAsync(certificate, vendorDeviceId);
        var data = (await ExpectAsync(HttpStatusCode.OK, response, "start")).GetProperty("data");
        return new Started(data.GetProperty("rid").GetString()!, data.GetProperty("pin").GetString()!, data.GetProperty("nonce").GetString()!,
            data.GetProperty("expiresOn").GetInt64());
    }

    public Task<HttpResponseMessage> StatusAsync(X509Certificate2? certificate, string rid) =>
        Secure(certificate).GetAsync($"/v1.1/cert/devices/registrations/{rid}/status");

    public async Task<JsonElement> StatusOkAsync(X509Certificate2 certificate, string rid)
    {
        using var response = await StatusAsync(certificate, rid);
        return (await ExpectAsync(HttpStatusCode.OK, response, "status")).GetProperty("data");
    }

    public Task<HttpResponseMessage> CompleteAsync(X509Certificate2? certificate, string rid, string nonce) =>
        Secure(certificate).PutAsJsonAsync($"/v1.1/cert/devices/registrations/{rid}", new { nonce });

    /// <summary>The pairing page's form, posted as a browser would.</summary>
    public async Task<(HttpStatusCode Status, string Html)> PairAsync(string pin, string serialLast4, string username = UserName, string password = Password)
    {
        using var client = Host.CreateClient();
        using var response = await client.PostAsync("/pair", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = username,
            ["password"] = password,
            ["pin"] = pin,
            ["serial"] = serialLast4,
        }));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static string SerialLast4(X509Certificate2 certificate) => certificate.SerialNumber[^4..];

    /// <summary>Start, confirm as the buyer, complete: the secure device's did and token.</summary>
    public async Task<(string Did, string Token)> RegisterAsync(X509Certificate2 certificate, string vendorDeviceId)
    {
        var started = await StartOkAsync(certificate, vendorDeviceId);
        var (status, html) = await PairAsync(started.Pin, SerialLast4(certificate));
        Assert.True(status == HttpStatusCode.OK, html);
        using var response = await CompleteAsync(certificate, started.Rid, started.Nonce);
        var data = (await ExpectAsync(HttpStatusCode.OK, response, "complete")).GetProperty("data");
        return (data.GetProperty("did").GetString()!, data.GetProperty("accessToken").GetString()!);
    }

    public static async Task<JsonElement> ExpectAsync(HttpStatusCode expected, HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        Api.Dispose();
        await Host.DisposeAsync();
    }

    public sealed record Started(string Rid, string Pin, string Nonce, long ExpiresOn);
}
