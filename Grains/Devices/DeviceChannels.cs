using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Devices;

/// <summary>
/// The device channels (ARTIK <c>/v1.1/websocket</c> connections) this device is registered on,
/// each with the caller that registered, so a change of owner or sharing can end the
/// registrations of callers who may no longer send for the device. Registrations expire unless
/// renewed. Lives inside the device grain's turns.
/// </summary>
internal sealed class DeviceChannels(TimeProvider time)
{
    private readonly Dictionary<IDeviceChannelObserver, Registration> _channels = [];

    public void Open(IDeviceChannelObserver observer, Caller caller) => _channels[observer] = new Registration(caller, time.GetUtcNow());

    public void Close(IDeviceChannelObserver observer) => _channels.Remove(observer);

    /// <summary>Ends the registrations <paramref name="maySend"/> no longer allows, and forgets expired ones.</summary>
    public Task RecheckAsync(string deviceId, TimeSpan lifetime, Func<Caller, bool> maySend)
    {
        var now = time.GetUtcNow();
        var ended = new List<IDeviceChannelObserver>();
        foreach (var (observer, registration) in _channels)
        {
            if (now - registration.RenewedAt > lifetime)
            {
                _channels.Remove(observer);
            }
            else if (!maySend(registration.Caller))
            {
                ended.Add(observer);
            }
        }
        return EndAsync(deviceId, ended, "The registrant may no longer send messages for this device.");
    }

    /// <summary>Ends every registration (the device is gone).</summary>
    public Task EndAllAsync(string deviceId, string reason) => EndAsync(deviceId, [.. _channels.Keys], reason);

    private async Task EndAsync(string deviceId, List<IDeviceChannelObserver> observers, string reason)
    {
        foreach (var observer in observers)
        {
            _channels.Remove(observer);
        }
        await Task.WhenAll(observers.Select(async o =>
        {
            try
            {
                await o.OnChannelEndedAsync(deviceId, reason);
            }
            catch (Exception)
            {
                // The channel is gone or failing; its registration is dropped either way.
            }
        }));
    }

    private sealed record Registration(Caller Caller, DateTimeOffset RenewedAt);
}
