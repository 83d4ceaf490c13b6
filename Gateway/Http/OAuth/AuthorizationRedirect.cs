using System.Text;

namespace Gatehouse.Gateway.Http.OAuth;

/// <summary>
/// The 302 back to the client (RFC 6749 §4.1.2, §4.1.2.1): the registered redirect URI with the
/// response parameters added to its query, which it keeps (§3.1.2). Only ever built for a URI
/// the client's grain matched exactly against its registration.
/// </summary>
public sealed class AuthorizationRedirect(string location) : IResult
{
    public string Location { get; } = location;

    public static AuthorizationRedirect To(string redirectUri, params (string Name, string? Value)[] parameters)
    {
        var builder = new StringBuilder(redirectUri);
        var separator = redirectUri.Contains('?') ? '&' : '?';
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }
            builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return new AuthorizationRedirect(builder.ToString());
    }

    public static AuthorizationRedirect Error(string redirectUri, string error, string description, string? state) =>
        To(redirectUri, ("error", error), ("error_description", description), ("state", state));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status302Found;
        response.Headers.Location = Location;
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        // The code is in the URL the browser is sent to; the page it came from is not for the client.
        response.Headers["Referrer-Policy"] = "no-referrer";
        return Task.CompletedTask;
    }
}
