namespace Gatehouse.Grains.RateLimits;

/// <summary>
/// The answer for one request: allowed or not, and both windows, which the gateway sends as
/// ARTIK's <c>X-Rate-Limit-Limit: perMinute/perDay</c>, <c>-Remaining</c> and <c>-Reset</c> headers.
/// </summary>
public readonly record struct RateLimitDecision(bool Allowed, RateLimitWindow Minute, RateLimitWindow Day, TimeSpan RetryAfter);
