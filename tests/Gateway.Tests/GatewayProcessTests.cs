using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
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
    }

    private enum Launch
    {
        /// <summary><c>dotnet run --project Gateway --no-build</c> from the repository root, as the README says.</summary>
        DotnetRun,

        /// <summary>The built gateway next to this test assembly, run directly.</summary>
        App,
    }

    private sealed record Probe(HttpStatusCode? Status, string? ContentType, string Body)
    {
        public override string ToString() =>
            Status is null ? Body : $"{(int)Status} {ContentType}: {Body}";
    }

    /// <summary>
    /// One gateway process in its own session, so a SIGINT to its process group reaches
    /// <c>dotnet run</c> and the app together, exactly as Ctrl+C in a terminal does (<c>dotnet run</c>
    /// does not forward a signal sent to it alone), and never reaches the test runner.
    /// </summary>
    private sealed class RunningGateway : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly HttpClient _http;

        private RunningGateway(Process process, Uri baseAddress, string dataDirectory)
        {
            _process = process;
            BaseAddress = baseAddress;
            DataDirectory = dataDirectory;
            _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        }

        public Uri BaseAddress { get; }

        public string DataDirectory { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static RunningGateway Start(Launch launch, IReadOnlyDictionary<string, string>? environment = null)
        {
            Assert.False(OperatingSystem.IsWindows(), "These tests signal process groups and need Linux (setsid, kill).");

            var repositoryRoot = FindRepositoryRoot();
            var dataDirectory = Directory.CreateTempSubdirectory("gatehouse-gateway-test-").FullName;
            var baseAddress = new Uri($"http://127.0.0.1:{FreeTcpPort()}/");
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

            var start = new ProcessStartInfo("setsid")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = launch == Launch.DotnetRun ? repositoryRoot : dataDirectory,
            };

            // A runner started in the background by a non-interactive shell ignores SIGINT, and
            // children inherit that; the gateway would then never see the Ctrl+C under test.
            string[] command = ["env", "--default-signal=INT", dotnet];
            string[] arguments = launch == Launch.DotnetRun
                ? ["run", "--project", Path.Combine(repositoryRoot, "Gateway"), "--no-build", "-c", BuildConfiguration(), "--"]
                : [Path.Combine(AppContext.BaseDirectory, "Gatehouse.Gateway.dll")];
            foreach (var argument in command.Concat(arguments).Concat(["--urls", baseAddress.ToString().TrimEnd('/')]))
            {
                start.ArgumentList.Add(argument);
            }

            // The test runner's own MSBuild and host settings would steer the child's `dotnet run`,
            // and an operator's Gatehouse or URL settings would make the test depend on the machine.
            foreach (var name in start.Environment.Keys.ToList())
            {
                if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
                    || name.StartsWith("_MSBuild", StringComparison.OrdinalIgnoreCase)
                    || name.StartsWith("Gatehouse__", StringComparison.OrdinalIgnoreCase)
                    || name.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase)
                    || name is "ASPNETCORE_URLS" or "DOTNET_URLS" or "URLS"
                        or "ASPNETCORE_HTTP_PORTS" or "ASPNETCORE_HTTPS_PORTS")
                {
                    start.Environment.Remove(name);
                }
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["Gatehouse__Storage__Sqlite__DataDirectory"] = dataDirectory;
            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[name] = value;
            }

            var process = new Process { StartInfo = start };
            var gateway = new RunningGateway(process, baseAddress, dataDirectory);
            process.OutputDataReceived += (_, e) => gateway.Append(e.Data);
            process.ErrorDataReceived += (_, e) => gateway.Append(e.Data);
            if (!process.Start())
            {
                throw new InvalidOperationException("Could not start the gateway under setsid (is util-linux installed?).");
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return gateway;
        }

        /// <summary>Polls until <paramref name="path"/> answers <paramref name="expected"/>; returns the last answer.</summary>
        public async Task<Probe> WaitForStatusAsync(string path, HttpStatusCode expected, TimeSpan timeout)
        {
            var deadline = Stopwatch.StartNew();
            var last = new Probe(null, null, "no answer yet");
            while (deadline.Elapsed < timeout)
            {
                if (_process.HasExited)
                {
                    return new Probe(null, null, $"the process exited with {_process.ExitCode}");
                }

                try
                {
                    using var response = await _http.GetAsync(path);
                    last = new Probe(
                        response.StatusCode,
                        response.Content.Headers.ContentType?.MediaType,
                        await response.Content.ReadAsStringAsync());
                    if (response.StatusCode == expected)
                    {
                        return last;
                    }

                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        // Not ready yet is fine while starting; the shape of the answer must still be right.
                        Assert.Equal("application/problem+json", last.ContentType);
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    last = new Probe(null, null, exception.Message);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }

            return last;
        }

        /// <summary>Ctrl+C: SIGINT to the whole process group.</summary>
        public Task SendCtrlCAsync() => SignalGroupAsync("INT");

        /// <summary>Ctrl+C, then the exit code, or null when the process has not exited within <paramref name="timeout"/>.</summary>
        public async Task<int?> InterruptAsync(TimeSpan timeout)
        {
            await SendCtrlCAsync();
            return await WaitForExitAsync(timeout);
        }

        /// <summary>Returns the exit code once the process and its output have ended, or null on timeout.</summary>
        public async Task<int?> WaitForExitAsync(TimeSpan timeout)
        {
            using var cancellation = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(cancellation.Token);
                return _process.ExitCode;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        /// <summary>True once no process of the group is left (the app outlives <c>dotnet run</c>).</summary>
        public async Task<bool> WaitForProcessGroupToEndAsync(TimeSpan timeout)
        {
            var deadline = Stopwatch.StartNew();
            do
            {
                if (!await SignalGroupAsync("0"))
                {
                    return true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
            while (deadline.Elapsed < timeout);

            return false;
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();

            // A failed test must not leave a gateway behind: kill whatever is left of the group,
            // which may be the app alone after `dotnet run` has gone, then anything that escaped it.
            if (await SignalGroupAsync("KILL"))
            {
                await WaitForProcessGroupToEndAsync(StopTimeout);
            }

            if (!_process.HasExited)
            {
                try
                {
                    _process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }

            await WaitForExitAsync(StopTimeout);
            _process.Dispose();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is not worth failing a test over.
            }
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        /// <summary>Sends <paramref name="signal"/> to the group; false when no process of it is left.</summary>
        private async Task<bool> SignalGroupAsync(string signal)
        {
            // setsid made the child a session and process-group leader, so its pid is the group id.
            using var kill = Process.Start(new ProcessStartInfo("kill")
            {
                ArgumentList = { $"-{signal}", "--", $"-{_process.Id}" },
                UseShellExecute = false,
                RedirectStandardError = true,
            })!;
            await kill.StandardError.ReadToEndAsync();
            await kill.WaitForExitAsync();
            return kill.ExitCode == 0;
        }

        private static string FindRepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Orleans.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"No Orleans.sln above {AppContext.BaseDirectory}.");
        }

        /// <summary>
        /// The configuration this test assembly was built in; <c>dotnet test -c Release</c> built the
        /// gateway in the same one (it is a project reference), so <c>--no-build</c> finds it.
        /// </summary>
        private static string BuildConfiguration() =>
            typeof(GatewayProcessTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
            ?? throw new InvalidOperationException("The test assembly has no AssemblyConfiguration attribute.");

        private static int FreeTcpPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
