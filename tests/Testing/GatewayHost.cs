using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gatehouse.Gateway;
using Gatehouse.TestingHost;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Tests.Hosting;

/// <summary>
/// The real gateway (Kestrel, embedded silo, every endpoint) on a loopback port, with a manual
/// clock, captured logs, a cheap password KDF, and a known bootstrap administrator.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    public const string AdminUsername = "admin";
    public const string AdminPassword = "admin-password-for-tests";

    private readonly WebApplication _app;
    private readonly bool _ownsDirectory;

    private GatewayHost(WebApplication app, Uri baseAddress, ManualTimeProvider time, CapturedLogs logs, string dataDirectory, bool ownsDirectory)
    {
        _app = app;
        BaseAddress = baseAddress;
        Time = time;
        Logs = logs;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
    }

    public Uri BaseAddress { get; }

    /// <summary>The https address when the host serves one (<see cref="StartSecureAsync"/>), else null.</summary>
    public Uri? SecureAddress { get; private init; }

    /// <summary>The certificate of <see cref="SecureAddress"/>, for clients to trust.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ServerCertificate { get; private init; }

    public ManualTimeProvider Time { get; }

    public CapturedLogs Logs { get; }

    public string DataDirectory { get; }

    public string DatabaseFile => Path.Combine(DataDirectory, "gatehouse.db");

    public IServiceProvider Services => _app.Services;

    /// <param name="sqlite">SQLite under a temporary directory (the default), or in-memory storage.</param>
    public static async Task<GatewayHost> StartAsync(bool sqlite = true, IDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        var ownsDirectory = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("gatehouse-identity-").FullName;
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var logs = new CapturedLogs();
        var configuration = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Gatehouse:Storage:Provider"] = sqlite ? "Sqlite" : "Memory",
            ["Gatehouse:Storage:Sqlite:DataDirectory"] = dataDirectory,
            ["Gatehouse:Passwords:Iterations"] = "1000",
            ["Gatehouse:Bootstrap:AdminUsername"] = AdminUsername,
            ["Gatehouse:Bootstrap:AdminPassword"] = AdminPassword,
            ["Gatehouse:Bootstrap:PasswordFile"] = Path.Combine(dataDirectory, "bootstrap-admin-password"),
            ["Gatehouse:Secrets:KeyFile"] = Path.Combine(dataDirectory, "master.key"),
            ["Gatehouse:Sms:OutboxPath"] = Path.Combine(dataDirectory, "sms-outbox.jsonl"),
            ["Logging:LogLevel:Default"] = "Debug",
            // The same switch TestCluster honours: every grain call through the wire serializer.
            ["Gatehouse:Silo:SerializeAllCalls"] = Environment.GetEnvironmentVariable(TestCluster.SerializeAllCallsVariable) == "1" ? "true" : "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }
        var app = GatewayApplication.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(logs);
            builder.Services.RemoveAll<TimeProvider>();
            builder.Services.AddSingleton<TimeProvider>(time);
        });
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        // Plain http is the base address; an https endpoint (Kestrel:Endpoints:Secure) is SecureAddress.
        var address = addresses.FirstOrDefault(a => a.StartsWith("http:", StringComparison.Ordinal)) ?? addresses.First();
        var secure = addresses.FirstOrDefault(a => a.StartsWith("https:", StringComparison.Ordinal));
        return new GatewayHost(app, new Uri(address), time, logs, dataDirectory, ownsDirectory) { SecureAddress = secure is null ? null : new Uri(secure) };
    }

    /// <summary>
    /// As <see cref="StartAsync"/>, also serving ARTIK's secure endpoint (<c>Kestrel:Endpoints:Secure</c>)
    /// on a loopback port with a server certificate made here, next to plain http.
    /// </summary>
    public static async Task<GatewayHost> StartSecureAsync(bool sqlite = false, IDictionary<string, string?>? settings = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("gatehouse-secure-").FullName;
        var server = TestPki.ServerCertificate();
        var (certificate, key) = TestPki.WritePem(server, dataDirectory, "server");
        var all = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Secure:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Secure:Certificate:Path"] = certificate,
            ["Kestrel:Endpoints:Secure:Certificate:KeyPath"] = key,
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            all[name] = value;
        }
        var host = await StartAsync(sqlite, all, dataDirectory);
        return new GatewayHost(host._app, host.BaseAddress, host.Time, host.Logs, dataDirectory, ownsDirectory: true)
        {
            SecureAddress = host.SecureAddress,
            ServerCertificate = server,
        };
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public HttpClient CreateClient(string bearer)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    /// <summary>Logs in and returns the access token; fails the test with the response if login fails.</summary>
    public async Task<string> LoginAsync(string username, string password)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/v1/auth/login", new { username, password });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Login as {username} failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString()!;
    }

    public Task<string> LoginAdminAsync() => LoginAsync(AdminUsername, AdminPassword);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
