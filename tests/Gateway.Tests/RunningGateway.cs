using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// One gateway process in its own session, so a SIGINT to its process group reaches
/// <c>dotnet run</c> and the app together, exactly as Ctrl+C in a terminal does (<c>dotnet run</c>
/// does not forward a signal sent to it alone), and never reaches the test runner. Shared by the
/// tests that need the real executable: <see cref="GatewayProcessTests"/>, <see cref="ApiWalkthroughTests"/>.
/// </summary>
internal sealed class RunningGateway : IAsyncDisposable
{
    /// <summary>How long disposal waits for the killed process group to go.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private readonly bool _ownsDataDirectory;

    private RunningGateway(Process process, Uri baseAddress, string dataDirectory, bool ownsDataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
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

    /// <param name="baseAddress">The http address to listen on; a free loopback port when null.</param>
    /// <param name="dataDirectory">
    /// Where the gateway keeps its data. Null: a new temporary directory, deleted on disposal. A
    /// given directory is left in place, so a second gateway can start on what a killed one left.
    /// </param>
    /// <param name="appDll">With <see cref="Launch.App"/>, another executable to run the same way (the Silo's); default the gateway.</param>
    public static RunningGateway Start(Launch launch, IReadOnlyDictionary<string, string>? environment = null, Uri? baseAddress = null, string? dataDirectory = null, string? appDll = null)
    {
        Assert.False(OperatingSystem.IsWindows(), "These tests signal process groups and need Linux (setsid, kill).");

        var repositoryRoot = RepositoryRoot();
        var ownsDataDirectory = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("gatehouse-gateway-test-").FullName;
        baseAddress ??= new Uri($"http://127.0.0.1:{FreeTcpPort()}/");
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
            : [appDll ?? Path.Combine(AppContext.BaseDirectory, "Gatehouse.Gateway.dll")];
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
        // Everything else the host writes goes there too: `dotnet run` works in Gateway/, and would
        // otherwise leave a generated administrator password in the checkout.
        start.Environment["Gatehouse__Bootstrap__PasswordFile"] = Path.Combine(dataDirectory, "bootstrap-admin-password");
        start.Environment["Gatehouse__Secrets__KeyFile"] = Path.Combine(dataDirectory, "master.key");
        start.Environment["Gatehouse__Sms__OutboxPath"] = Path.Combine(dataDirectory, "sms-outbox.jsonl");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var gateway = new RunningGateway(process, baseAddress, dataDirectory, ownsDataDirectory);
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

    /// <summary>
    /// <c>kill -9</c> of the whole process group, as a crash or an OOM kill: no shutdown code runs,
    /// nothing is flushed. Returns once no process of the group is left.
    /// </summary>
    public async Task KillAsync()
    {
        await SignalGroupAsync("KILL");
        Assert.True(await WaitForProcessGroupToEndAsync(StopTimeout), "The killed gateway's process group did not end.");
        await WaitForExitAsync(StopTimeout);
    }

    /// <summary>SIGSTOP (true) or SIGCONT (false) to the whole process group: a process that hangs, then resumes.</summary>
    public Task PauseAsync(bool pause) => SignalGroupAsync(pause ? "STOP" : "CONT");

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
        if (!_ownsDataDirectory)
        {
            return;
        }
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

    /// <summary>The checkout this test assembly was built from: the directory holding Orleans.sln.</summary>
    public static string RepositoryRoot()
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
    internal static string BuildConfiguration() =>
        typeof(RunningGateway).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? throw new InvalidOperationException("The test assembly has no AssemblyConfiguration attribute.");

    internal static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
