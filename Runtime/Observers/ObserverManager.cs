namespace Gatehouse.Runtime.Observers;

/// <summary>
/// A grain's list of subscribers. Subscriptions expire unless renewed (so a gateway that died
/// without unsubscribing is forgotten), and a subscriber whose reference is gone is dropped on
/// the next notification. Lives inside a grain, so it needs no locking of its own.
/// </summary>
public sealed class ObserverManager<TObserver>(TimeSpan expiration, TimeProvider timeProvider)
    where TObserver : IGrainObserver
{
    private readonly Dictionary<TObserver, DateTimeOffset> _subscribers = [];

    public int Count => _subscribers.Count;

    public IEnumerable<TObserver> Subscribers => _subscribers.Keys;

    /// <summary>Adds or renews a subscription.</summary>
    public void Subscribe(TObserver observer) => _subscribers[observer] = timeProvider.GetUtcNow();

    public void Unsubscribe(TObserver observer) => _subscribers.Remove(observer);

    /// <summary>
    /// Calls <paramref name="notify"/> on every live subscriber, concurrently, and waits for all.
    /// Expired subscribers and those whose observer is gone are removed.
    /// </summary>
    public async Task NotifyAsync(Func<TObserver, Task> notify)
    {
        var now = timeProvider.GetUtcNow();
        List<TObserver>? dead = null;
        var calls = new List<(TObserver Observer, Task Call)>(_subscribers.Count);
        foreach (var (observer, renewed) in _subscribers)
        {
            if (now - renewed > expiration)
            {
                (dead ??= []).Add(observer);
                continue;
            }
            Task call;
            try
            {
                call = notify(observer);
            }
            catch (Exception exception)
            {
                call = Task.FromException(exception);
            }
            calls.Add((observer, call));
        }
        foreach (var (observer, call) in calls)
        {
            try
            {
                await call;
            }
            catch (ObserverNotFoundException)
            {
                (dead ??= []).Add(observer);
            }
            catch (Exception)
            {
                // A subscriber that throws is its own problem; the others still get notified and it
                // stays subscribed until it expires or is gone.
            }
        }
        if (dead is not null)
        {
            foreach (var observer in dead)
            {
                _subscribers.Remove(observer);
            }
        }
    }
}
