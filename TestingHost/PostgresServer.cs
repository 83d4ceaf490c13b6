using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Gatehouse.TestingHost;

/// <summary>
/// A throwaway PostgreSQL server for tests, started from the machine's PostgreSQL binaries
/// (Debian's <c>postgresql</c> package) in a temporary directory, listening on 127.0.0.1 on a
/// free port with trust authentication and fsync off. Disposing it stops the server and deletes
/// the directory. When the tests run as root the server runs as the <c>postgres</c> user,
/// because PostgreSQL refuses to run as root.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private const string InstallHint = "Install the PostgreSQL server binaries with: apt-get install -y postgresql";
    private const string ServerUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly string _binDirectory;
    private readonly string _rootDirectory;
    private readonly string _dataDirectory;
    private readonly string[] _runAs;
    private int _disposed;

    private PostgresServer(string binDirectory, string rootDirectory, string[] runAs, int port)
    {
        _binDirectory = binDirectory;
        _rootDirectory = rootDirectory;
        _dataDirectory = Path.Combine(rootDirectory, "data");
        _runAs = runAs;
        Port = port;
        ConnectionString = BuildConnectionString("postgres");
    }

    /// <summary>A superuser connection string for the server's <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    public int Port { get; }

    /// <summary>
    /// Starts a new server. Throws, with what to install, when the binaries are missing: tests
    /// that need PostgreSQL fail rather than silently skip.
    /// </summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken ct = default)
    {
        var binDirectory = FindBinDirectory();
        var runAs = IsRoot() ? FindRunAsPrefix() : [];
        var rootDirectory = Path.Combine(Path.GetTempPath(), "gatehouse-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(rootDirectory);
        try
        {
            if (runAs.Length > 0)
            {
                await RunAsync([], "chown", ["-R", ServerUser + ":", rootDirectory], rootDirectory, ct).ConfigureAwait(false);
            }

            var dataDirectory = Path.Combine(rootDirectory, "data");
            await RunAsync(
                runAs,
                Path.Combine(binDirectory, "initdb"),
                ["-D", dataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
                rootDirectory,
                ct).ConfigureAwait(false);

            // The port is free when picked but could be taken before the server binds it, so a
            // bind failure is retried on a new port.
            for (var attempt = 1; ; attempt++)
            {
                var server = new PostgresServer(binDirectory, rootDirectory, runAs, PickFreePort());
                var (started, log) = await server.TryStartAsync(ct).ConfigureAwait(false);
                if (started)
                {
                    AppDomain.CurrentDomain.ProcessExit += server.OnProcessExit;
                    return server;
                }
                if (attempt >= 3 || !log.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"PostgreSQL failed to start on port {server.Port}. Server log:\n{log}");
                }
            }
        }
        catch
        {
            TryDeleteDirectory(rootDirectory);
            throw;
        }
    }

    /// <summary>Creates an empty database and returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a simple database name (lowercase letters, digits and underscores, at most 63).", nameof(name));
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // CREATE DATABASE cannot take its name as a parameter; the name was checked above.
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return BuildConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;

        // Idle pooled connections would otherwise linger until the server shuts them down.
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync(_runAs, Path.Combine(_binDirectory, "pg_ctl"), ["stop", "-D", _dataDirectory, "-m", "fast", "-w", "-t", "60"], _rootDirectory, CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            KillPostmaster();
        }
        TryDeleteDirectory(_rootDirectory);
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The test host is exiting without having disposed the server (an aborted run, a fixture
        // that never got torn down): pg_ctl started it detached, so without this it would outlive
        // the tests. Immediate mode, because the host gives exit handlers only a few seconds.
        try
        {
            RunAsync(_runAs, Path.Combine(_binDirectory, "pg_ctl"), ["stop", "-D", _dataDirectory, "-m", "immediate", "-w", "-t", "10"], _rootDirectory, CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            KillPostmaster();
        }
        TryDeleteDirectory(_rootDirectory);
    }

    private async Task<(bool Started, string Log)> TryStartAsync(CancellationToken ct)
    {
        var logFile = Path.Combine(_rootDirectory, "server.log");
        var socketDirectory = _rootDirectory;
        var serverOptions = string.Join(
            ' ',
            $"-p {Port}",
            $"-k {socketDirectory}",
            "-c listen_addresses=127.0.0.1",
            "-c max_connections=300",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off");
        try
        {
            await RunAsync(
                _runAs,
                Path.Combine(_binDirectory, "pg_ctl"),
                ["start", "-D", _dataDirectory, "-l", logFile, "-w", "-t", "60", "-o", serverOptions],
                _rootDirectory,
                ct).ConfigureAwait(false);
            return (true, string.Empty);
        }
        catch (InvalidOperationException ex)
        {
            var log = File.Exists(logFile) ? await File.ReadAllTextAsync(logFile, CancellationToken.None).ConfigureAwait(false) : ex.Message;
            return (false, log);
        }
    }

    private string BuildConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        IncludeErrorDetail = true,
    }.ConnectionString;

    private void KillPostmaster()
    {
        try
        {
            var pidFile = Path.Combine(_dataDirectory, "postmaster.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static string FindBinDirectory()
    {
        static bool HasServerBinaries(string directory)
            => File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl")) && File.Exists(Path.Combine(directory, "postgres"));

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(directory, "initdb");
            if (!File.Exists(initdb))
            {
                continue;
            }

            // Debian keeps the binaries in /usr/lib/postgresql/<version>/bin; a PATH entry is
            // often a symlink to there, and that real directory is where the siblings live.
            var target = File.ResolveLinkTarget(initdb, returnFinalTarget: true)?.FullName ?? initdb;
            var realDirectory = Path.GetDirectoryName(target)!;
            if (HasServerBinaries(realDirectory))
            {
                return realDirectory;
            }
            if (HasServerBinaries(directory))
            {
                return directory;
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => (Directory: Path.Combine(d, "bin"), Version: double.TryParse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0))
                .Where(d => HasServerBinaries(d.Directory))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (newest.Directory is not null)
            {
                return newest.Directory;
            }
        }

        throw new InvalidOperationException(
            $"PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH or under {debianRoot}/*/bin. {InstallHint}");
    }

    private static string[] FindRunAsPrefix()
    {
        if (!File.ReadLines("/etc/passwd").Any(line => line.StartsWith(ServerUser + ":", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException(
                $"The tests run as root, and PostgreSQL refuses to, but there is no '{ServerUser}' user to run it as. {InstallHint} (the package creates the user).");
        }

        string[] directories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];
        if (directories.Select(d => Path.Combine(d, "runuser")).FirstOrDefault(File.Exists) is { } runuser)
        {
            return [runuser, "-u", ServerUser, "--"];
        }
        if (directories.Select(d => Path.Combine(d, "setpriv")).FirstOrDefault(File.Exists) is { } setpriv)
        {
            return [setpriv, $"--reuid={ServerUser}", $"--regid={ServerUser}", "--init-groups", "--"];
        }
        throw new InvalidOperationException(
            $"The tests run as root, and PostgreSQL refuses to, but neither runuser nor setpriv is available to switch to '{ServerUser}'. Install util-linux.");
    }

    private static int PickFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string[] runAs, string fileName, string[] arguments, string workingDirectory, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(runAs.Length > 0 ? runAs[0] : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The server user may not be able to enter the test's own working directory.
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in runAs.Skip(1).Append(runAs.Length > 0 ? fileName : null).OfType<string>().Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }
        startInfo.Environment["LC_ALL"] = "C";

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            string text;
            lock (output)
            {
                text = output.ToString();
            }
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with code {process.ExitCode}:\n{text}");
        }
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temp directory is not worth failing a test run over.
        }
    }

    private static bool IsRoot() => !OperatingSystem.IsWindows() && geteuid() == 0;

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
