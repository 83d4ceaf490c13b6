using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Gateway.Http.OAuth;

/// <summary>
/// A server-rendered page of the authorization endpoint, sent with the headers that keep a
/// password form safe: a Content-Security-Policy that allows nothing but the page's own inline
/// style (by nonce) and form posts to this server and to the one redirect target, no framing
/// (clickjacking: <c>frame-ancestors 'none'</c> and <c>X-Frame-Options: DENY</c>, RFC 6749 §10.13),
/// no caching, no referrer, no MIME sniffing.
/// </summary>
public sealed class HtmlPageResult(int status, string html, string nonce, string? redirectSource) : IResult
{
    /// <summary>A fresh nonce for one page's <c>&lt;style&gt;</c> element.</summary>
    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        // form-action also governs where a form post may be redirected, so the client's redirect
        // target is listed next to 'self'; browsers would otherwise block the 302 after Allow.
        var formAction = redirectSource is null ? "'none'" : $"'self' {redirectSource}";
        response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'nonce-{nonce}'; img-src 'none'; form-action {formAction}; frame-ancestors 'none'; base-uri 'none'";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        return response.Body.WriteAsync(Encoding.UTF8.GetBytes(html), httpContext.RequestAborted).AsTask();
    }
}
