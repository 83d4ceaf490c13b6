using System.Diagnostics;

namespace Gatehouse.Identity.Tests.TwoFactor;

/// <summary>
/// Decodes QR codes with zbarimg (Debian's zbar-tools), a decoder that shares no code with the
/// encoder, so a passing test means a real scanner reads what we render. Missing zbarimg fails the
/// test rather than skipping it: a skipped QR test would let a broken QR code ship.
/// </summary>
internal static class ZbarImg
{
    private const string InstallHint = "zbarimg was not found on PATH: install zbar-tools (apt-get install zbar-tools); ./test.sh does this when run as root.";

    /// <summary>The text of the one QR code in <paramref name="image"/> (any format ImageMagick reads).</summary>
    public static string DecodeSingle(byte[] image, string extension)
    {
        var executable = Find() ?? throw new Xunit.Sdk.XunitException(InstallHint);
        var file = Path.Combine(Path.GetTempPath(), "gatehouse-qr-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllBytes(file, image);
        try
        {
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // --raw: the payload only, no "QR-Code:" prefix; -q: no statistics; only the QR decoder.
            foreach (var argument in new[] { "--raw", "-q", "-Sdisable", "-Sqrcode.enable", file })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException("zbarimg did not finish within 60 s.");
            }
            if (process.ExitCode != 0)
            {
                throw new Xunit.Sdk.XunitException($"zbarimg found no QR code (exit {process.ExitCode}): {stderr.Result}");
            }
            // zbarimg ends each symbol with a newline; a second line would be a second symbol.
            var lines = stdout.Result.TrimEnd('\n').Split('\n');
            Assert.Single(lines);
            return lines[0];
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "zbarimg"))
            .FirstOrDefault(File.Exists);
    }
}
