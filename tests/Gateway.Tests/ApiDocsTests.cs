using System.Text;
using System.Text.RegularExpressions;
using Gatehouse.Gateway.Http.Endpoints;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// docs/api.md lists every endpoint in a table written once from <see cref="EndpointCatalog.All"/>;
/// this keeps the two from drifting apart. On failure it names each difference and prints the
/// table the catalog implies, ready to paste.
/// </summary>
public sealed partial class ApiDocsTests
{
    private const string Section = "## Endpoints";

    [Fact]
    public void EndpointTable_MatchesTheCatalog()
    {
        var path = Path.Combine(RunningGateway.RepositoryRoot(), "docs", "api.md");
        var documented = ParseTable(File.ReadAllLines(path));
        var expected = EndpointCatalog.All.ToDictionary(e => e.Name, Row, StringComparer.Ordinal);

        var differences = new List<string>();
        foreach (var (name, row) in expected)
        {
            if (!documented.TryGetValue(name, out var written))
            {
                differences.Add($"missing from docs/api.md: {row}");
            }
            else if (written != row)
            {
                differences.Add($"differs for {name}:\n    docs/api.md: {written}\n    catalog:     {row}");
            }
        }
        differences.AddRange(documented.Keys.Except(expected.Keys, StringComparer.Ordinal)
            .Select(name => $"in docs/api.md but not in the catalog: {documented[name]}"));

        Assert.True(differences.Count == 0,
            $"The endpoint table in docs/api.md ({Section}) and EndpointCatalog.All disagree:\n- {string.Join("\n- ", differences)}\n\n" +
            $"The table the catalog implies:\n\n{RenderTable()}");
    }

    /// <summary>The table as the catalog describes it, in catalog order.</summary>
    internal static string RenderTable()
    {
        var table = new StringBuilder()
            .AppendLine("| Name (operationId) | Method | Path | Privacy | Permission | Summary |")
            .AppendLine("|---|---|---|---|---|---|");
        foreach (var endpoint in EndpointCatalog.All)
        {
            table.AppendLine(Row(endpoint));
        }
        return table.ToString();
    }

    private static string Row(GatehouseEndpoint endpoint) =>
        $"| `{endpoint.Name}` | {endpoint.Method} | `{endpoint.Pattern}` | {endpoint.Privacy} | " +
        $"{(endpoint.Permission is { } permission ? $"`{permission}`" : "—")} | {endpoint.Summary.Replace("|", "\\|", StringComparison.Ordinal)} |";

    /// <summary>Rows of the table under <see cref="Section"/>, by endpoint name, as written (trailing spaces aside).</summary>
    private static Dictionary<string, string> ParseTable(string[] lines)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        var start = Array.IndexOf(lines, Section);
        Assert.True(start >= 0, $"docs/api.md has no '{Section}' heading.");
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            if (RowName().Match(line) is { Success: true } match)
            {
                Assert.True(rows.TryAdd(match.Groups[1].Value, line.TrimEnd()), $"docs/api.md lists {match.Groups[1].Value} twice.");
            }
        }
        return rows;
    }

    [GeneratedRegex(@"^\| `([^`]+)` \|")]
    private static partial Regex RowName();
}
