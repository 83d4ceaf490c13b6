using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// Drives the gateway the way an operator does: <c>dotnet run --project Gateway</c> as a real
/// process, probes over HTTP, Ctrl+C to stop. In-process hosting would not catch a broken entry
/// point, a default that only works from the IDE, or a shutdown that hangs.
/// </summary>
public sealed class GatewayProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task DotnetRun_ServesProbes_LogsWhereItListens_AndStopsCleanlyOnCtrlC()
    {
        await using var gateway = RunningGateway.Start();

        var health = await gateway.WaitForStatusAsync("/healthz", HttpStatusCode.OK, StartTimeout);
        Assert.True(health.Status == HttpStatusCode.OK,
            $"/healthz did not answer 200 within {StartTimeout.TotalSeconds} s (last: {health}).\n{gateway.Output}");
        Assert.Equal("ok", JsonDocument.Parse(health.Body).RootElement.GetProperty("status").GetString());

        var ready = await gateway.WaitForStatusAsync("/readyz", HttpStatusCode.OK, StartTimeout);
        Assert.True(ready.Status == HttpStatusCode.OK,
            $"/readyz did not answer 200 within {StartTimeout.TotalSeconds} s (last: {ready}).\n{gateway.Output}");

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
        await using var gateway = RunningGateway.Start(new Dictionary<string, string>
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

    private sealed record Probe(HttpStatusCode? Status, string? ContentType, string Body)
    {
        public override string ToString() =>
            Status is null ? Body : $"{(int)Status} {ContentType}: {Body}";
    }

    /// <summary>
    /// One <c>dotnet run</c> of the gateway in its own session, so a SIGINT to its process group
    /// reaches <c>dotnet run</c> and the app together, exactly as Ctrl+C in a terminal does
    /// (<c>dotnet run</c> does not forward a signal sent to it alone).
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

        public static RunningGateway Start(IReadOnlyDictionary<string, string>? environment = null)
        {
            Assert.False(OperatingSystem.IsWindows(), "These tests signal process groups and need Linux (setsid, kill).");

            var repositoryRoot = FindRepositoryRoot();
            var dataDirectory = Directory.CreateTempSubdirectory("gatehouse-gateway-test-").FullName;
            var baseAddress = new Uri($"http://127.0.0.1:{FreeTcpPort()}/");

            var start = new ProcessStartInfo("setsid")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = repositoryRoot,
            };
            foreach (var argument in new[]
            {
                Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
                "run", "--project", Path.Combine(repositoryRoot, "Gateway"),
                "--no-build", "-c", BuildConfiguration(),
                "--", "--urls", baseAddress.ToString().TrimEnd('/'),
            })
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
                throw new InvalidOperationException("Could not start `setsid dotnet run` (is util-linux installed?).");
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

        /// <summary>Ctrl+C: SIGINT to the whole process group. Returns the exit code, or null on timeout.</summary>
        public async Task<int?> InterruptAsync(TimeSpan timeout)
        {
            await SignalGroupAsync("INT");
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

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            if (!_process.HasExited)
            {
                // A failed test must not leave a gateway behind: kill the whole group (dotnet run
                // and the app), then anything that escaped it.
                await SignalGroupAsync("KILL");
                try
                {
                    _process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }

                await WaitForExitAsync(StopTimeout);
            }

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

        private async Task SignalGroupAsync(string signal)
        {
            // setsid made the child a session and process-group leader, so its pid is the group id.
            using var kill = Process.Start(new ProcessStartInfo("kill")
            {
                ArgumentList = { $"-{signal}", "--", $"-{_process.Id}" },
                UseShellExecute = false,
                RedirectStandardError = true,
            })!;
            await kill.WaitForExitAsync();
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
