using Microsoft.Extensions.Options;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Identity.Users;

/// <summary>
/// A sliding window of failure times, in memory only: a restart forgets them, which costs an
/// attacker nothing they could not get by waiting one window, and keeps failed logins from
/// writing to the database per attempt.
/// </summary>
public sealed class SourceAddressThrottleGrain(IOptions<IdentityOptions> options, TimeProvider time) : Grain, ISourceAddressThrottleGrain
{
    private readonly Queue<DateTimeOffset> _failures = new();
    private DateTimeOffset? _blockedUntil;

    public Task<TimeSpan?> GetRetryAfterAsync()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(_blockedUntil is { } until && until > now ? until - now : (TimeSpan?)null);
    }

    public Task RecordFailureAsync()
    {
        var now = time.GetUtcNow();
        var window = options.Value.SourceAddressWindow;
        while (_failures.Count > 0 && now - _failures.Peek() >= window)
        {
            _failures.Dequeue();
        }
        _failures.Enqueue(now);
        if (_failures.Count >= options.Value.SourceAddressMaxFailures)
        {
            _blockedUntil = now + window;
        }
        return Task.CompletedTask;
    }
}
