using System.Diagnostics;
using System.Text;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// Runs a bash script file the way a reader would in a clean shell: stdout and stderr in one
/// stream, no proxy, no ~/.curlrc, bounded in time. Used for the docs/api.md walkthrough and the
/// seed curl lines.
/// </summary>
internal static class BashScript
{
    /// <returns>The exit code (null when it did not finish within <paramref name="timeout"/>) and the output.</returns>
    public static async Task<(int? ExitCode, string Output)> RunAsync(string scriptFile, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { scriptFile },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.Environment.Remove("ADMIN_USERNAME");
        // The machine's curl settings must not change what is tested: a proxy would intercept the
        // loopback requests, and a ~/.curlrc could add options (curl reads $CURL_HOME/.curlrc first).
        foreach (var proxy in new[] { "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "CURL_CA_BUNDLE", "SSL_CERT_FILE" })
        {
            start.Environment.Remove(proxy);
        }
        start.Environment["CURL_HOME"] = workingDirectory;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return await RunCapturedAsync(start, timeout, stopGrace: null);
    }

    /// <summary>
    /// Runs <paramref name="start"/> (which must redirect stdout and stderr) with both streams
    /// gathered in one text. When it outlives <paramref name="timeout"/> it is killed with its
    /// process tree; given <paramref name="stopGrace"/>, it is first sent SIGTERM and given that
    /// long, so a script's trap can stop what it started.
    /// </summary>
    /// <returns>The exit code (null when it did not finish in time) and the output.</returns>
    public static async Task<(int? ExitCode, string Output)> RunCapturedAsync(ProcessStartInfo start, TimeSpan timeout, TimeSpan? stopGrace)
    {
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return (process.ExitCode, Text(output));
        }
        catch (OperationCanceledException)
        {
        }
        if (stopGrace is { } grace)
        {
            using (var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString() }, UseShellExecute = false }))
            {
                await term!.WaitForExitAsync();
            }
            using var graceTimeout = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(graceTimeout.Token);
                return (null, Text(output));
            }
            catch (OperationCanceledException)
            {
            }
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        return (null, Text(output));
    }

    public static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
