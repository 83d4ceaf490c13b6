using Gatehouse.Runtime;

namespace Gatehouse.Grains.Identity;

/// <summary>
/// Failed logins from one source address, keyed by the address. Slows password guessing spread
/// over many accounts, which the per-account lockout alone does not.
/// </summary>
public interface ISourceAddressThrottleGrain : IGrainWithStringKey
{
    /// <summary>How long the address must wait, or null when it may try now.</summary>
    [ReadOnly]
    Task<TimeSpan?> GetRetryAfterAsync();

    Task RecordFailureAsync();
}
