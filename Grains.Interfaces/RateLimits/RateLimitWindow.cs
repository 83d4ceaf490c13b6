namespace Gatehouse.Grains.RateLimits;

/// <summary>One window of a limit: how many calls it allows, how many are left, and when it resets (Unix seconds).</summary>
public readonly record struct RateLimitWindow(long Limit, long Remaining, long ResetAt);
