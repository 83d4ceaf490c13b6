using System.Globalization;
using Gatehouse.Gateway.Http.Endpoints;
using Microsoft.AspNetCore.Mvc;

namespace Gatehouse.Gateway.Http.Errors;

/// <summary>
/// Writes an error in the shape of the endpoint's surface: RFC 9457 problem details on the native,
/// WoTKit, EVRYTHNG and RFCx surfaces; ARTIK's <c>{"error":{"code":…,"message":…}}</c> on ARTIK's.
/// A 401 carries <c>WWW-Authenticate</c> challenges for the schemes the gateway accepts (RFC 9110 §11.6.1).
/// </summary>
public static class ErrorResponder
{
    private const string Challenge = "Bearer realm=\"gatehouse\", Basic realm=\"gatehouse\", charset=\"UTF-8\"";

    public static IResult Error(ApiSurface surface, int status, string title, string detail, TimeSpan? retryAfter = null) =>
        new ErrorResult(surface, status, title, detail, retryAfter);

    private sealed class ErrorResult(ApiSurface surface, int status, string title, string detail, TimeSpan? retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            var response = http.Response;
            response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized)
            {
                response.Headers.WWWAuthenticate = Challenge;
            }
            if (retryAfter is { } wait)
            {
                response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
            if (surface == ApiSurface.Artik)
            {
                return response.WriteAsJsonAsync(new { error = new { code = status, message = detail } });
            }
            var problem = new ProblemDetails
            {
                Type = $"https://gatehouse.dev/problems/{status}",
                Title = title,
                Status = status,
                Detail = detail,
                Instance = http.Request.Path,
            };
            return response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
        }
    }
}
