using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// A cluster started by <c>deploy/local-cluster.sh up</c>, exactly as an operator starts one, in a
/// state directory of its own. Disposal runs <c>down</c> when the test did not, so a failed test
/// leaves nothing running.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(1);

    private readonly string _stateDirectory;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private bool _down;

    private LocalCluster(string stateDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, string> settings)
    {
        _stateDirectory = stateDirectory;
        _environment = environment;
        Settings = settings;
        LoadBalancer = new Uri(settings["LB_URL"] + "/");
    }

    /// <summary>What <c>up</c> wrote to <c>cluster.env</c>: ports, URLs, file names.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>haproxy's address: what clients use.</summary>
    public Uri LoadBalancer { get; }

    public int SiloCount => int.Parse(Settings["SILOS"]);

    public int GatewayCount => int.Parse(Settings["GATEWAYS"]);

    public string AdminPassword => File.ReadAllText(Settings["ADMIN_PASSWORD_FILE"]).Trim();

    public Uri Gateway(int n) => new($"http://127.0.0.1:{Settings[$"GATEWAY_{n}_HTTP_PORT"]}/");

    public Uri Silo(int n) => new($"http://127.0.0.1:{Settings[$"SILO_{n}_HTTP_PORT"]}/");

    public string ConnectionString => Settings["CONNECTION_STRING"];

    /// <summary>Every port the cluster listens on.</summary>
    public IReadOnlyList<int> Ports =>
        Settings.Where(s => s.Key.EndsWith("_PORT", StringComparison.Ordinal)).Select(s => int.Parse(s.Value)).ToList();

    /// <param name="environment">Extra settings for every process (Gatehouse__… variables).</param>
    public static async Task<LocalCluster> UpAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        Assert.False(OperatingSystem.IsWindows(), "The local cluster script needs Linux.");
        // A new directory under the temp root that does not exist yet: the script makes it, and
        // `down` removes it.
        var stateDirectory = Path.Combine(Path.GetTempPath(), "gatehouse-cluster-test-" + Guid.NewGuid().ToString("N")[..10]);
        var all = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["GATEHOUSE_CLUSTER_DIR"] = stateDirectory,
            ["GATEHOUSE_SILO_DLL"] = BuiltExecutable("Silo", "Gatehouse.Silo.dll"),
            ["GATEHOUSE_GATEWAY_DLL"] = BuiltExecutable("Gateway", "Gatehouse.Gateway.dll"),
        };
        var (exitCode, output) = await RunScriptAsync(all, UpTimeout, "up");
        if (exitCode != 0)
        {
            // The script stops what it started when up fails; make sure, then say why.
            await RunScriptAsync(all, CommandTimeout, "down");
            Assert.Fail($"deploy/local-cluster.sh up exited with {exitCode?.ToString() ?? "a timeout"}:\n{output}");
        }
        var settings = File.ReadAllLines(Path.Combine(stateDirectory, "cluster.env"))
            .Where(line => line.Contains('='))
            .Select(line => (Name: line[..line.IndexOf('=')], Value: line[(line.IndexOf('=') + 1)..]))
            .GroupBy(pair => pair.Name)
            .ToDictionary(group => group.Key, group => group.Last().Value);
        return new LocalCluster(stateDirectory, all, settings);
    }

    /// <summary>SIGKILL of silo <paramref name="n"/> through the script; returns once it is gone.</summary>
    public async Task KillSiloAsync(int n)
    {
        var (exitCode, output) = await RunScriptAsync(_environment, CommandTimeout, "kill-silo", n.ToString());
        Assert.True(exitCode == 0, $"kill-silo {n} exited with {exitCode}:\n{output}");
    }

    public async Task<string> StatusAsync()
    {
        var (_, output) = await RunScriptAsync(_environment, CommandTimeout, "status");
        return output;
    }

    /// <summary>The pids of every process the cluster runs: silos, gateways, haproxy, the PostgreSQL postmaster.</summary>
    public IReadOnlyDictionary<string, int> Pids()
    {
        var pids = new Dictionary<string, int>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_stateDirectory, "run"), "*.pid"))
        {
            if (int.TryParse(File.ReadAllText(file).Trim(), out var pid))
            {
                pids[Path.GetFileNameWithoutExtension(file)] = pid;
            }
        }
        var postmaster = Path.Combine(_stateDirectory, "postgres", "data", "postmaster.pid");
        if (File.Exists(postmaster) && int.TryParse(File.ReadLines(postmaster).First(), out var postgres))
        {
            pids["postgres"] = postgres;
        }
        return pids;
    }

    /// <summary>The end of every process's log, for failure messages.</summary>
    public string Logs(int lines = 30)
    {
        var text = new StringBuilder();
        var logs = Path.Combine(_stateDirectory, "logs");
        if (!Directory.Exists(logs))
        {
            return "(no logs)";
        }
        foreach (var file in Directory.EnumerateFiles(logs, "*.log").Order(StringComparer.Ordinal))
        {
            text.AppendLine($"--- {Path.GetFileName(file)}");
            foreach (var line in File.ReadLines(file).TakeLast(lines))
            {
                text.AppendLine(line);
            }
        }
        return text.ToString();
    }

    public string StateDirectory => _stateDirectory;

    public async Task<(int? ExitCode, string Output)> DownAsync()
    {
        _down = true;
        return await RunScriptAsync(_environment, CommandTimeout, "down");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_down)
        {
            await DownAsync();
        }
    }

    /// <summary>True while <paramref name="pid"/> runs; a zombie (exited, not yet reaped by its new parent) has ended.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Field 3, after the parenthesised command name (which may itself hold spaces).
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>True when nothing listens on, or holds, 127.0.0.1:<paramref name="port"/>: binding it succeeds.</summary>
    public static bool IsPortFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<(int? ExitCode, string Output)> RunScriptAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RunningGateway.RepositoryRoot(),
        };
        start.ArgumentList.Add(Path.Combine(RunningGateway.RepositoryRoot(), "deploy", "local-cluster.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The machine's own Gatehouse, URL and proxy settings must not reach the cluster's processes.
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("Gatehouse__", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("GATEHOUSE_", StringComparison.Ordinal)
                || name.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
                || name is "ASPNETCORE_URLS" or "DOTNET_URLS" or "URLS" or "ASPNETCORE_HTTP_PORTS" or "ASPNETCORE_HTTPS_PORTS"
                    or "http_proxy" or "HTTP_PROXY" or "https_proxy" or "HTTPS_PROXY" or "all_proxy" or "ALL_PROXY")
            {
                start.Environment.Remove(name);
            }
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        // SIGTERM first on a timeout, so the script's trap stops what it had started.
        return await BashScript.RunCapturedAsync(start, timeout, stopGrace: CommandTimeout);
    }

    /// <summary>
    /// The executable's own build output in this test assembly's configuration; `dotnet test`
    /// built it, since this project references both.
    /// </summary>
    internal static string BuiltExecutable(string project, string dll)
    {
        var configuration = typeof(LocalCluster).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var path = Path.Combine(RunningGateway.RepositoryRoot(), project, "bin", configuration, "net10.0", dll);
        Assert.True(File.Exists(path), $"{path} is missing; build the solution (dotnet build -c {configuration}).");
        return path;
    }
}
