using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// Drives the gateway the way an operator does: as a real process, probed over HTTP, stopped with
/// Ctrl+C. In-process hosting would not catch a broken entry point, a default that only works
/// from the IDE, or a shutdown that hangs.
/// </summary>
public sealed class GatewayProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task DotnetRun_AnswersHealthzWithin30Seconds_AndCtrlCStopsEverything()
    {
        await using var gateway = RunningGateway.Start(Launch.DotnetRun);

        await AssertServesProbesAsync(gateway);

        // Ctrl+C in a terminal signals the whole foreground process group: `dotnet run` and the app.
        await gateway.SendCtrlCAsync();
        Assert.True(await gateway.WaitForProcessGroupToEndAsync(StopTimeout),
            $"A process of `dotnet run --project Gateway` was still running {StopTimeout.TotalSeconds} s after Ctrl+C.\n{gateway.Output}");
        Assert.Contains("Application is shutting down", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_LogsWhereItListens_UsesSqliteInItsDataDirectory_AndExitsZeroOnSigint()
    {
        // The app itself rather than `dotnet run`, whose own exit code (this SDK exits 0 at once on
        // SIGINT, without waiting for the app) says nothing about how the gateway stopped.
        await using var gateway = RunningGateway.Start(Launch.App);

        await AssertServesProbesAsync(gateway);

        var exitCode = await gateway.InterruptAsync(StopTimeout);
        var output = gateway.Output;
        Assert.True(exitCode is not null, $"The gateway did not exit within {StopTimeout.TotalSeconds} s of SIGINT.\n{output}");
        Assert.True(exitCode == 0, $"The gateway exited with {exitCode} after SIGINT, not 0.\n{output}");
        Assert.Contains("Application is shutting down", output, StringComparison.Ordinal);
        Assert.Matches(
            new Regex($@"listening on:? .*{Regex.Escape(gateway.BaseAddress.ToString().TrimEnd('/'))}", RegexOptions.IgnoreCase),
            output);

        // The embedded default: grain state and reminders in one SQLite file under the data directory.
        Assert.True(File.Exists(Path.Combine(gateway.DataDirectory, "gatehouse.db")),
            $"No gatehouse.db in {gateway.DataDirectory}: [{string.Join(", ", Directory.EnumerateFileSystemEntries(gateway.DataDirectory))}]\n{output}");
    }

    [Fact]
    public async Task UnknownStorageProvider_StopsAtStartup_NamingTheAllowedValues()
    {
        await using var gateway = RunningGateway.Start(Launch.App, new Dictionary<string, string>
        {
            ["Gatehouse__Storage__Provider"] = "Cassandra",
        });

        var exitCode = await gateway.WaitForExitAsync(StartTimeout);
        var output = gateway.Output;
        Assert.True(exitCode is not null, $"The gateway kept running with an unknown storage provider.\n{output}");
        Assert.True(exitCode != 0, $"The gateway exited with 0 despite an unknown storage provider.\n{output}");
        Assert.Contains("Cassandra", output, StringComparison.Ordinal);
        foreach (var allowed in new[] { "Sqlite", "Postgres", "Memory" })
        {
            Assert.Contains(allowed, output, StringComparison.Ordinal);
        }
    }

    private static async Task AssertServesProbesAsync(RunningGateway gateway)
    {
        var health = await gateway.WaitForStatusAsync("/healthz", HttpStatusCode.OK, StartTimeout);
        Assert.True(health.Status == HttpStatusCode.OK,
            $"/healthz did not answer 200 within {StartTimeout.TotalSeconds} s (last: {health}).\n{gateway.Output}");
        Assert.Equal("ok", JsonDocument.Parse(health.Body).RootElement.GetProperty("status").GetString());

        var ready = await gateway.WaitForStatusAsync("/readyz", HttpStatusCode.OK, StartTimeout);
        Assert.True(ready.Status == HttpStatusCode.OK,
            $"/readyz did not answer 200 within {StartTimeout.TotalSeconds} s (last: {ready}).\n{gateway.Output}");

        // The executable maps /metrics too (its tests are MetricsEndpointTests, in-process).
        var metrics = await gateway.WaitForStatusAsync("/metrics", HttpStatusCode.OK, StartTimeout);
        Assert.True(metrics.Status == HttpStatusCode.OK, $"/metrics did not answer 200 (last: {metrics}).\n{gateway.Output}");
        Assert.Equal("text/plain", metrics.ContentType);
        Assert.True(Gatehouse.Tests.Hosting.PrometheusText.Parse(metrics.Body).Value("gatehouse_cluster_active_silos") == 1, metrics.Body);
    }
}
