using Gatehouse.Gateway.Http.Authentication;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Identity.Tests.Credentials;

/// <summary>
/// The path every request takes: no form, no query string. It must complete synchronously and
/// allocate nothing but the strings it extracts. Synchronous tests, so that the per-thread
/// allocation counter sees only this thread's work.
/// </summary>
public sealed class HotPathTests
{
    private const int Iterations = 1_000;
    private const string Token = "5ffd69500c83b9d948f5d0852538b5b983453182";

    [Fact]
    public void Bearer_AllocatesOnlyTheTokenString()
    {
        var request = new TestRequest().Bearer(Token).Body("{}", "application/json").Request;

        var perCall = BytesPerCall(request);

        Assert.Equal(StringBytes(Token.Length), perCall);
    }

    [Fact]
    public void Basic_AllocatesOnlyTheIdAndSecretStrings()
    {
        var request = new TestRequest().Basic("key-1f3a9", "Zx8Qw2-long-secret").Request;

        var perCall = BytesPerCall(request);

        Assert.Equal(StringBytes("key-1f3a9".Length) + StringBytes("Zx8Qw2-long-secret".Length), perCall);
    }

    [Fact]
    public void RfcxHeaders_AllocateOnlyTheGuidString()
    {
        // The token header value is used as it is; only the guid is cut out of x-auth-user.
        var request = new TestRequest().AuthHeaders("guardian/df72c626229f", Token).Request;

        var perCall = BytesPerCall(request);

        Assert.Equal(StringBytes("df72c626229f".Length), perCall);
    }

    [Fact]
    public void NoCredential_AllocatesNothing()
    {
        var request = new TestRequest().Body("{}", "application/json").Request;

        Assert.Equal(0, BytesPerCall(request));
    }

    private static long BytesPerCall(HttpRequest request)
    {
        Extract(request); // warm up: JIT, header dictionary creation
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            Extract(request);
        }
        return (GC.GetAllocatedBytesForCurrentThread() - before) / Iterations;
    }

    private static void Extract(HttpRequest request)
    {
        var pending = CredentialExtractor.ExtractAsync(request, CancellationToken.None);
        Assert.True(pending.IsCompletedSuccessfully);
        Assert.True(pending.Result.Succeeded);
    }

    /// <summary>What <c>new string(' ', length)</c> costs on this runtime.</summary>
    private static long StringBytes(int length)
    {
        _ = new string('x', length);
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = new string('x', length);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
