using Gatehouse.Runtime;
using Microsoft.Extensions.Options;

namespace Gatehouse.Grains.RateLimits;

/// <summary>
/// Fixed windows aligned to the UTC minute and day, as ARTIK reports them (two reset times). In
/// memory only: a restart or a move to another silo starts the windows afresh, which can let a
/// client through up to one window's budget early, never lock it out wrongly. A refused request
/// does not spend budget.
/// </summary>
public sealed class RateLimitGrain(IOptions<RateLimitOptions> options, TimeProvider time) : Grain, IRateLimitGrain
{
    private long _minuteStart = -1;
    private long _minuteCount;
    private long _dayStart = -1;
    private long _dayCount;

    public Task<RateLimitDecision> AcquireAsync()
    {
        var settings = options.Value;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var minuteStart = now - (now % 60);
        var dayStart = now - (now % 86_400);
        if (minuteStart != _minuteStart)
        {
            _minuteStart = minuteStart;
            _minuteCount = 0;
        }
        if (dayStart != _dayStart)
        {
            _dayStart = dayStart;
            _dayCount = 0;
        }
        var allowed = _minuteCount < settings.PerMinute && _dayCount < settings.PerDay;
        if (allowed)
        {
            _minuteCount++;
            _dayCount++;
        }
        var minuteReset = minuteStart + 60;
        var dayReset = dayStart + 86_400;
        var retryAfter = allowed ? TimeSpan.Zero
            : TimeSpan.FromSeconds((_dayCount >= settings.PerDay ? dayReset : minuteReset) - now);
        return Task.FromResult(new RateLimitDecision(
            allowed,
            new RateLimitWindow(settings.PerMinute, settings.PerMinute - _minuteCount, minuteReset),
            new RateLimitWindow(settings.PerDay, settings.PerDay - _dayCount, dayReset),
            retryAfter));
    }
}
