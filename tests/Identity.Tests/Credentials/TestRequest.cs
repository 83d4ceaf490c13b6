using System.Text;
using Gatehouse.Gateway.Http.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gatehouse.Identity.Tests.Credentials;

/// <summary>Builds a <see cref="DefaultHttpContext"/> request with the headers, query string and body a test needs.</summary>
internal sealed class TestRequest
{
    public const string FormContentType = "application/x-www-form-urlencoded";

    public HttpRequest Request { get; } = new DefaultHttpContext().Request;

    /// <summary>Adds a header value; calling it twice with one name gives the header two values, as two header lines do.</summary>
    public TestRequest Header(string name, string value)
    {
        // Append drops empty values, but Kestrel keeps an empty header line as one empty value.
        var headers = Request.Headers;
        headers[name] = headers.TryGetValue(name, out var existing) ? StringValues.Concat(existing, value) : new StringValues(value);
        return this;
    }

    public TestRequest Authorization(string value) => Header("Authorization", value);

    public TestRequest Bearer(string token) => Authorization($"Bearer {token}");

    public TestRequest Basic(string id, string secret) => Authorization(BasicValue(id, secret));

    public TestRequest AuthHeaders(string user, string token) => Header("x-auth-user", user).Header("x-auth-token", token);

    /// <summary>Sets the query string, e.g. <c>?access_token=abc</c>.</summary>
    public TestRequest Query(string queryString)
    {
        Request.QueryString = new QueryString(queryString);
        return this;
    }

    /// <summary>Sets an <c>application/x-www-form-urlencoded</c> body (or another content type).</summary>
    public TestRequest Body(string body, string contentType = FormContentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        Request.ContentType = contentType;
        Request.ContentLength = bytes.Length;
        Request.Body = new MemoryStream(bytes);
        return this;
    }

    public Task<CredentialExtractionResult> ExtractAsync() => CredentialExtractor.ExtractAsync(Request, CancellationToken.None).AsTask();

    /// <summary>Extracts and asserts success.</summary>
    public async Task<PresentedCredential> CredentialAsync()
    {
        var result = await ExtractAsync();
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result.Credential;
    }

    /// <summary>Extracts and asserts failure with <paramref name="reason"/>.</summary>
    public async Task<CredentialError> ErrorAsync(CredentialErrorReason reason)
    {
        var result = await ExtractAsync();
        Assert.False(result.Succeeded, $"Expected {reason}, got {result}.");
        Assert.Equal(reason, result.Error.Reason);
        Assert.True(result.Credential.IsNone);
        return result.Error;
    }

    public static string BasicValue(string id, string secret) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret}"));
}
