using Gatehouse.Gateway.Http.Authentication;

namespace Gatehouse.Identity.Tests.Credentials;

public sealed class CredentialErrorTests
{
    public static TheoryData<CredentialErrorReason> Reasons() => new(Enum.GetValues<CredentialErrorReason>());

    [Theory]
    [MemberData(nameof(Reasons))]
    public void EveryReason_Is400_ExceptAnUnsupportedScheme_Which_Is401(CredentialErrorReason reason)
    {
        var error = ErrorFor(reason);

        Assert.Equal(reason, error.Reason);
        Assert.Equal(reason == CredentialErrorReason.UnsupportedAuthorizationScheme ? 401 : 400, error.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [MemberData(nameof(Reasons))]
    public void EveryReason_IsDocumented_WithItsStatus(CredentialErrorReason reason)
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "authentication.md"));
        var row = doc.Split('\n').FirstOrDefault(line => line.StartsWith($"| `{reason}`", StringComparison.Ordinal));

        Assert.True(row is not null, $"docs/authentication.md has no table row for {reason}.");
        Assert.Contains($"| {ErrorFor(reason).StatusCode}", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_RequiresAnError()
    {
        Assert.Throws<ArgumentNullException>(() => CredentialExtractionResult.Failure(null!));
        Assert.True(CredentialExtractionResult.NoCredential.Succeeded);
        Assert.True(CredentialExtractionResult.NoCredential.Credential.IsNone);
    }

    // A request that fails with each reason: proves every reason is reachable, not only declared.
    private static CredentialError ErrorFor(CredentialErrorReason reason)
    {
        var test = new TestRequest();
        _ = reason switch
        {
            CredentialErrorReason.ConflictingCredentials => test.Bearer("a").Query("?access_token=b"),
            CredentialErrorReason.MalformedAuthorizationHeader => test.Authorization("Bearer a b"),
            CredentialErrorReason.UnsupportedAuthorizationScheme => test.Authorization("Digest realm=x"),
            CredentialErrorReason.MalformedBasicCredentials => test.Authorization("Basic %%%%"),
            CredentialErrorReason.EmptyToken => test.Query("?access_token="),
            CredentialErrorReason.IncompletePrincipal => test.Header("x-auth-token", "t"),
            CredentialErrorReason.UnknownPrincipalType => test.AuthHeaders("robot/r1", "t"),
            CredentialErrorReason.MalformedPrincipal => test.AuthHeaders("robot", "t"),
            CredentialErrorReason.RepeatedParameter => test.Query("?access_token=a&access_token=a"),
            CredentialErrorReason.MalformedForm => test.Body(string.Join('&', Enumerable.Range(0, 1_100).Select(i => $"f{i}=v"))),
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Add a request that fails with this reason."),
        };
        var result = test.ExtractAsync().GetAwaiter().GetResult();
        Assert.False(result.Succeeded);
        Assert.Equal(reason, result.Error.Reason);
        return result.Error;
    }

    private static string RepositoryRoot()
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
}
