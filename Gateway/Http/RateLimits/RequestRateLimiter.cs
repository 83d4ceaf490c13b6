using System.Globalization;
using Gatehouse.Grains.RateLimits;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Microsoft.Extensions.Options;

namespace Gatehouse.Gateway.Http.RateLimits;

/// <summary>
/// Spends one request of the caller's budget and writes ARTIK's rate-limit headers
/// (<c>X-Rate-Limit-Limit: 100/1000</c>, <c>-Remaining: 99/997</c>, <c>-Reset: minuteReset/dayReset</c>)
/// on the response, whatever its status. Budgets are per device (whatever credential it uses),
/// per API key, and per user for login tokens; anonymous requests have none.
/// </summary>
public sealed class RequestRateLimiter(IGrainFactory grains, IOptions<RateLimitOptions> options)
{
    /// <summary>Null when the request may go on; otherwise how long to wait.</summary>
    public async ValueTask<TimeSpan?> ApplyAsync(HttpContext http, Caller caller)
    {
        if (await AcquireAsync(caller) is not { } decision)
        {
            return null;
        }
        var headers = http.Response.Headers;
        headers["X-Rate-Limit-Limit"] = Pair(decision.Minute.Limit, decision.Day.Limit);
        headers["X-Rate-Limit-Remaining"] = Pair(decision.Minute.Remaining, decision.Day.Remaining);
        headers["X-Rate-Limit-Reset"] = Pair(decision.Minute.ResetAt, decision.Day.ResetAt);
        return decision.Allowed ? null : decision.RetryAfter;
    }

    /// <summary>
    /// Spends one request of the caller's budget without an HTTP response to write headers on:
    /// for frames on a live channel (each ARTIK message is a request). Null when no budget applies.
    /// </summary>
    public async ValueTask<RateLimitDecision?> AcquireAsync(Caller caller)
    {
        if (!options.Value.Enabled || BudgetKey(caller) is not { } key)
        {
            return null;
        }
        return await grains.GetGrain<IRateLimitGrain>(key).AcquireAsync();
    }

    private static string? BudgetKey(Caller caller) => caller switch
    {
        { Kind: PrincipalKind.Anonymous } => null,
        { Kind: PrincipalKind.Device } => $"device/{caller.Id}",
        { Credential: CredentialKind.ApiKey, CredentialId: { } keyId } => $"key/{keyId}",
        _ => $"{caller.Kind.ToString().ToLowerInvariant()}/{caller.Id}",
    };

    private static string Pair(long minute, long day) =>
        string.Create(CultureInfo.InvariantCulture, $"{minute}/{day}");
}
