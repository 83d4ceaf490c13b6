using Gatehouse.Grains.Security;

namespace Gatehouse.Identity.Tests.Docs;

public sealed class PermissionDocsTests
{
    [Fact]
    public void EveryPermissionInTheVocabulary_IsDocumented_AndNothingElseIs()
    {
        var doc = File.ReadAllText(RepositoryFile("docs", "permissions.md"));
        var documented = System.Text.RegularExpressions.Regex.Matches(doc, @"^\| `([a-z]+:[a-z]+)` \|", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(Permissions.All.Keys.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    internal static string RepositoryFile(params string[] parts)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.sln")))
            {
                return Path.Combine([directory.FullName, .. parts]);
            }
        }
        throw new InvalidOperationException("Orleans.sln not found above " + AppContext.BaseDirectory);
    }
}
