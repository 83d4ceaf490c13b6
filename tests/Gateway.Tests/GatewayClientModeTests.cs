using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Gatehouse.Runtime.Hosting;
using Gatehouse.TestingHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// <c>Gatehouse:Gateway:Mode=Client</c>: a gateway that hosts no grains and calls the silos it
/// finds in the PostgreSQL membership table. Its readiness follows the cluster: not ready while
/// no silo is active or the database is unreachable.
/// </summary>
public sealed class GatewayClientModeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ClientMode_WithoutPostgresMembership_StopsAtStartUp_SayingWhatToSet()
    {
        await using var gateway = RunningGateway.Start(Launch.App, new Dictionary<string, string>
        {
            ["Gatehouse__Gateway__Mode"] = "Client",
        });

        var exitCode = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var output = gateway.Output;
        Assert.True(exitCode is not null and not 0, $"A Client-mode gateway without cluster membership did not fail at start-up (exit code {exitCode}).\n{output}");
        Assert.Contains("Gatehouse:Cluster:Membership", output, StringComparison.Ordinal);
        Assert.Contains("Gatehouse:Gateway:Mode=Embedded", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownMode_StopsTheBuild_NamingTheAllowedValues()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => GatewayApplication.Build(["--Gatehouse:Gateway:Mode=Sidecar"]));
        Assert.Contains("Sidecar", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Embedded", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Client", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmbeddedGateway_WithTheClientRole_StopsTheBuild_SayingToUseClientModeInstead()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => GatewayApplication.Build(["--Gatehouse:Cluster:Role=client"]));

        Assert.Contains("Gatehouse:Cluster:Role is Client", failure.Message);
        Assert.Contains("Gatehouse:Gateway:Mode=Client", failure.Message);
    }

    [Fact]
    public async Task ReadyOnlyWhileASiloIsActive_AndTheDatabaseAnswers_ServingThroughTheSilo()
    {
        var postgres = await PostgresServer.StartAsync();
        var directory = Directory.CreateTempSubdirectory("gatehouse-client-mode-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Gatehouse:Storage:Provider"] = "Postgres",
            ["Gatehouse:Storage:Postgres:ConnectionString"] = await postgres.CreateDatabaseAsync("client_mode"),
            ["Gatehouse:Cluster:Membership"] = "Postgres",
            ["Gatehouse:Silo:ServiceId"] = "client-mode-" + Guid.NewGuid().ToString("N")[..8],
            ["Gatehouse:Silo:Transport:ListenAddress"] = "127.0.0.1",
            ["Gatehouse:Silo:Transport:ListenPort"] = "0",
            ["Gatehouse:Passwords:Iterations"] = "1000",
            ["Gatehouse:Bootstrap:AdminPassword"] = "client-mode-admin-password",
            ["Gatehouse:Secrets:MasterKey"] = Convert.ToBase64String(new byte[32]),
            ["Gatehouse:Sms:OutboxPath"] = Path.Combine(directory, "sms-outbox.jsonl"),
        };
        WebApplication? gateway = null;
        IHost? silo = null;
        try
        {
            gateway = GatewayApplication.Build([], builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
                {
                    ["urls"] = "http://127.0.0.1:0",
                    ["Gatehouse:Gateway:Mode"] = "Client",
                });
                builder.Logging.ClearProviders();
            });
            await gateway.StartAsync();
            using var http = new HttpClient { BaseAddress = BaseAddress(gateway), Timeout = TimeSpan.FromSeconds(10) };

            var alone = await WaitForReadinessAsync(http, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("no silo is active", alone.Body, StringComparison.Ordinal);

            silo = BuildSilo(settings);
            await silo.StartAsync();
            var ready = await WaitForReadinessAsync(http, HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.OK, ready.Status);
            // The silo created the administrator; logging in runs the user's grains there.
            using (var login = await http.PostAsJsonAsync("/v1/auth/login", new { username = "admin", password = "client-mode-admin-password" }))
            {
                Assert.True(login.StatusCode == HttpStatusCode.OK, $"Login through the Client-mode gateway answered {(int)login.StatusCode}: {await login.Content.ReadAsStringAsync()}");
            }

            await postgres.DisposeAsync();
            var unreachable = await WaitForReadinessAsync(http, HttpStatusCode.ServiceUnavailable);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unreachable.Status);
            Assert.DoesNotContain("no silo is active", unreachable.Body, StringComparison.Ordinal);
        }
        finally
        {
            // The database is gone by now in a passing run; stopping must still end, bounded.
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            if (gateway is not null)
            {
                await gateway.StopAsync(stop.Token);
                await gateway.DisposeAsync();
            }
            if (silo is not null)
            {
                await silo.StopAsync(stop.Token);
                silo.Dispose();
            }
            await postgres.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A silo as the Silo executable builds it, in this process.</summary>
    private static IHost BuildSilo(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddGatehouseGrainSilo(builder.Configuration);
        return builder.Build();
    }

    private static Uri BaseAddress(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    private static async Task<Probe> WaitForReadinessAsync(HttpClient http, HttpStatusCode expected)
    {
        var clock = Stopwatch.StartNew();
        var last = new Probe(null, null, "no answer yet");
        while (clock.Elapsed < Wait)
        {
            try
            {
                using var response = await http.GetAsync("/readyz");
                last = new Probe(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
                if (response.StatusCode == expected)
                {
                    return last;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                last = new Probe(null, null, exception.Message);
            }
            await Task.Delay(200);
        }
        Assert.Fail($"/readyz did not answer {(int)expected} within {Wait.TotalSeconds} s (last: {last}).");
        return last;
    }
}
