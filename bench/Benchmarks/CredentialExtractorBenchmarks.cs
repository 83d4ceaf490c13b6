using System.Text;
using BenchmarkDotNet.Attributes;
using Gatehouse.Gateway.Http.Authentication;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Benchmarks;

/// <summary>
/// The gateway's per-request credential extraction on the header path (no query string, no
/// form body), which every authenticated request takes. Requests are built once and reused:
/// extraction does not change them. <see cref="DefaultHttpContext"/> keeps headers in a
/// dictionary, where Kestrel has a field per known header, so Kestrel is, if anything, faster.
/// </summary>
[Config(typeof(BenchmarkConfig))]
[MemoryDiagnoser]
public class CredentialExtractorBenchmarks
{
    private const string Token = "5ffd69500c83b9d948f5d0852538b5b983453182";

    private HttpRequest _bearer = null!;
    private HttpRequest _basic = null!;
    private HttpRequest _rfcx = null!;
    private HttpRequest _anonymous = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bearer = Request(("Authorization", $"Bearer {Token}"));
        _basic = Request(("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("k-1f3a9c:Zx8Qw2e5Rt7Yu9Io"))));
        _rfcx = Request(("x-auth-user", "guardian/df72c626229f"), ("x-auth-token", Token));
        _anonymous = Request();
    }

    [Benchmark(Baseline = true, Description = "Authorization: Bearer (40-char token)")]
    public CredentialExtractionResult Bearer() => Extract(_bearer);

    [Benchmark(Description = "Authorization: Basic (key id:secret)")]
    public CredentialExtractionResult Basic() => Extract(_basic);

    [Benchmark(Description = "x-auth-user / x-auth-token (RFCx)")]
    public CredentialExtractionResult Rfcx() => Extract(_rfcx);

    [Benchmark(Description = "No credential")]
    public CredentialExtractionResult Anonymous() => Extract(_anonymous);

    private static CredentialExtractionResult Extract(HttpRequest request)
    {
        // Completes synchronously on this path, so reading Result never blocks.
        var pending = CredentialExtractor.ExtractAsync(request, CancellationToken.None);
        return pending.Result;
    }

    private static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = "POST";
        request.ContentType = "application/json";
        request.Headers.Accept = "application/json";
        request.Headers.UserAgent = "gatehouse-bench/1.0";
        foreach (var (name, value) in headers)
        {
            request.Headers[name] = value;
        }
        return request;
    }
}
