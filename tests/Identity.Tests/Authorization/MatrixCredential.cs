using System.Net.Http.Headers;

namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>How one principal presents itself on a request: nothing, a bearer token, or an RFCx principal pair.</summary>
public sealed record MatrixCredential(string? Bearer = null, string? AuthUser = null, string? AuthToken = null)
{
    public static MatrixCredential None { get; } = new();

    public static MatrixCredential Rfcx(string user, string token) => new(AuthUser: user, AuthToken: token);

    public void ApplyTo(HttpRequestMessage request)
    {
        if (Bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Bearer);
        }
        if (AuthUser is not null && AuthToken is not null)
        {
            request.Headers.Add("x-auth-user", AuthUser);
            request.Headers.Add("x-auth-token", AuthToken);
        }
    }
}
