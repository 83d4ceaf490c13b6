using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Observers;

namespace Gatehouse.Grains.Devices;

/// <summary>
/// A device's live-feed subscribers, each with the caller that subscribed, so the device can ask
/// again at every message whether that caller may still read it. Subscriptions expire unless
/// renewed, and an observer that is gone is dropped. Lives inside the device grain's turns.
/// </summary>
internal sealed class DeviceFeed(TimeProvider time)
{
    private readonly Dictionary<IDeviceMessageObserver, Subscription> _subscribers = [];

    public int Count => _subscribers.Count;

    public void Subscribe(IDeviceMessageObserver observer, Caller caller) => _subscribers[observer] = new Subscription(caller, time.GetUtcNow());

    public void Unsubscribe(IDeviceMessageObserver observer) => _subscribers.Remove(observer);

    /// <summary>
    /// Delivers <paramref name="message"/> to every live subscriber that <paramref name="mayRead"/>
    /// still allows; ends the feeds of those it no longer allows.
    /// </summary>
    public Task PublishAsync(DeviceMessage message, TimeSpan lifetime, Func<Caller, bool> mayRead) =>
        _subscribers.Count == 0 ? Task.CompletedTask : DeliverAsync(observer => observer.OnMessageAsync(message), lifetime, mayRead);

    /// <summary>Ends the feeds of subscribers <paramref name="mayRead"/> no longer allows (after a change of sharing, owner or visibility).</summary>
    public Task RecheckAsync(TimeSpan lifetime, Func<Caller, bool> mayRead) =>
        _subscribers.Count == 0 ? Task.CompletedTask : DeliverAsync(null, lifetime, mayRead);

    /// <summary>Ends every feed (the device is gone).</summary>
    public async Task EndAllAsync(string reason)
    {
        var observers = _subscribers.Keys.ToList();
        _subscribers.Clear();
        await Task.WhenAll(observers.Select(o => Quietly(() => o.OnFeedEndedAsync(reason))));
    }

    private async Task DeliverAsync(Func<IDeviceMessageObserver, Task>? deliver, TimeSpan lifetime, Func<Caller, bool> mayRead)
    {
        var now = time.GetUtcNow();
        var calls = new List<Task>(_subscribers.Count);
        List<IDeviceMessageObserver>? ended = null;
        foreach (var (observer, subscription) in _subscribers)
        {
            if (now - subscription.RenewedAt > lifetime)
            {
                (ended ??= []).Add(observer);
            }
            else if (!mayRead(subscription.Caller))
            {
                (ended ??= []).Add(observer);
                calls.Add(Quietly(() => observer.OnFeedEndedAsync("The subscriber may no longer read this device.")));
            }
            else if (deliver is not null)
            {
                calls.Add(DeliverOneAsync(observer, deliver));
            }
        }
        foreach (var observer in ended ?? [])
        {
            _subscribers.Remove(observer);
        }
        await Task.WhenAll(calls);
    }

    private async Task DeliverOneAsync(IDeviceMessageObserver observer, Func<IDeviceMessageObserver, Task> deliver)
    {
        try
        {
            await deliver(observer);
        }
        catch (ObserverNotFoundException)
        {
            _subscribers.Remove(observer);
        }
        catch (Exception)
        {
            // A failing subscriber is its own problem; it stays until it expires or is gone.
        }
    }

    private static async Task Quietly(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception)
        {
            // The subscriber is being dropped anyway.
        }
    }

    private sealed record Subscription(Caller Caller, DateTimeOffset RenewedAt);
}
