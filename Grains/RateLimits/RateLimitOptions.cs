namespace Gatehouse.Grains.RateLimits;

/// <summary>Request budgets per device, per API key and per user, bound from <c>Gatehouse:RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Gatehouse:RateLimits";

    /// <summary>Requests per calendar minute (UTC) for one device, key or user. Default 6,000 (100/s).</summary>
    public long PerMinute { get; set; } = 6_000;

    /// <summary>Requests per calendar day (UTC). Default 1,000,000.</summary>
    public long PerDay { get; set; } = 1_000_000;

    /// <summary>Set false to send no limits and refuse nothing. Default true.</summary>
    public bool Enabled { get; set; } = true;
}
