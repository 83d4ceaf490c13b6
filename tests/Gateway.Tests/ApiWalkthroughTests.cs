using System.Net;
using System.Text;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// The curl walkthrough in docs/api.md is documentation a reader runs, so it is run here exactly
/// as written: the <c>```bash</c> blocks under "## Walkthrough", in order, with bash, curl and jq,
/// against the built gateway started as a real process. A step that no longer works fails this
/// test instead of a reader.
/// </summary>
public sealed class ApiWalkthroughTests
{
    private const string Heading = "## Walkthrough";
    private const string Marker = "The walkthrough ran to the end.";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    // A run takes a few seconds; the bound only keeps a hung request from hanging the test run.
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Walkthrough_RunsToTheEnd_AgainstAStartedGateway()
    {
        var missing = new[] { "bash", "curl", "jq" }.Where(tool => !BashScript.OnPath(tool)).ToList();
        Assert.True(missing.Count == 0,
            $"The docs/api.md walkthrough needs curl and jq (and bash); missing: {string.Join(", ", missing)}. " +
            "Install them: `sudo apt-get install -y curl jq` on Debian (./test.sh does it when run as root).");

        var script = ExtractWalkthrough(File.ReadAllLines(Path.Combine(RunningGateway.RepositoryRoot(), "docs", "api.md")));
        var adminPassword = "walkthrough-" + Guid.NewGuid().ToString("N");
        await using var gateway = RunningGateway.Start(Launch.App, new Dictionary<string, string>
        {
            ["Gatehouse__Bootstrap__AdminPassword"] = adminPassword,
            // The walkthrough logs in four times; at the default 600,000 PBKDF2 iterations that is
            // seconds of CPU on a shared runner. The default cost itself is asserted in
            // Identity.Tests (PasswordHasherTests).
            ["Gatehouse__Passwords__Iterations"] = "1000",
        });
        var ready = await gateway.WaitForStatusAsync("/readyz", HttpStatusCode.OK, StartTimeout);
        Assert.True(ready.Status == HttpStatusCode.OK,
            $"/readyz did not answer 200 within {StartTimeout.TotalSeconds} s (last: {ready}).\n{gateway.Output}");

        var run = await RunBashAsync(script, gateway, adminPassword);

        Assert.True(run.ExitCode == 0 && run.Output.Contains(Marker, StringComparison.Ordinal),
            (run.ExitCode is { } code ? $"The walkthrough exited with {code}" : $"The walkthrough did not finish within {ScriptTimeout.TotalMinutes} min") +
            $" (it must exit 0 and print \"{Marker}\").\n\n--- walkthrough output ---\n{run.Output}\n--- gateway output ---\n{gateway.Output}");
    }

    [Fact]
    public void Extraction_TakesOnlyTheBashBlocksOfTheWalkthroughSection()
    {
        string[] markdown =
        [
            "# Title", "```bash", "echo before", "```",
            Heading, "text", "```sh", "echo not-bash", "```", "```bash", "echo one", "```",
            "### Step", "```bash", "echo two", "echo three", "```",
            "## Next", "```bash", "echo after", "```",
        ];

        Assert.Equal("set -euo pipefail\necho one\necho two\necho three\n", ExtractWalkthrough(markdown));
    }

    /// <summary>
    /// The lines of every <c>```bash</c> block from <see cref="Heading"/> to the next level-2
    /// heading, after <c>set -euo pipefail</c>: the same as the awk one-liner docs/api.md gives readers.
    /// </summary>
    private static string ExtractWalkthrough(IReadOnlyList<string> lines)
    {
        var script = new StringBuilder("set -euo pipefail\n");
        var inSection = false;
        var inBlock = false;
        var blocks = 0;
        foreach (var line in lines)
        {
            if (!inBlock && line.StartsWith("## ", StringComparison.Ordinal))
            {
                inSection = line == Heading;
            }
            else if (inSection && line.StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock && line == "```bash";
                blocks += inBlock ? 1 : 0;
            }
            else if (inBlock)
            {
                script.Append(line).Append('\n');
            }
        }
        Assert.True(blocks > 0, $"docs/api.md has no ```bash blocks under '{Heading}'.");
        return script.ToString();
    }

    private static async Task<(int? ExitCode, string Output)> RunBashAsync(string script, RunningGateway gateway, string adminPassword)
    {
        var scriptFile = Path.Combine(gateway.DataDirectory, "walkthrough.sh");
        // exec 2>&1: show() prints responses on stderr; one stream keeps them in order with the rest.
        await File.WriteAllTextAsync(scriptFile, "exec 2>&1\n" + script);
        return await BashScript.RunAsync(scriptFile, gateway.DataDirectory, new Dictionary<string, string>
        {
            ["GATEHOUSE"] = gateway.BaseAddress.ToString().TrimEnd('/'),
            ["ADMIN_PASSWORD"] = adminPassword,
        }, ScriptTimeout);
    }
}
