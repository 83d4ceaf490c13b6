using Gatehouse.Runtime;

namespace Gatehouse.Grains.RateLimits;

/// <summary>
/// The request budget of one principal or credential, keyed <c>device/{id}</c>, <c>key/{id}</c> or
/// <c>user/{id}</c>. Counters live in the activation: one grain per key sees every request for it
/// (in a cluster, on its one owner silo), so the limit holds without a shared store.
/// </summary>
public interface IRateLimitGrain : IGrainWithStringKey
{
    Task<RateLimitDecision> AcquireAsync();
}
