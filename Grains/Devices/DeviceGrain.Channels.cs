using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Devices;

/// <summary>
/// Device channels: the gateways' ARTIK WebSocket connections this device is registered on. A
/// registration needs the right to publish for the device; it ends when the device is deleted or
/// the registrant loses that right, so no channel keeps sending for a device it no longer may.
/// </summary>
public sealed partial class DeviceGrain
{
    private DeviceChannels? _channels;

    public Task<TimeSpan> OpenChannelAsync(Caller caller, IDeviceChannelObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        EnsureExists();
        RequirePublish(caller);
        (_channels ??= new DeviceChannels(time)).Open(observer, caller);
        return Task.FromResult(messageOptions.Value.FeedSubscriptionLifetime);
    }

    public Task CloseChannelAsync(IDeviceChannelObserver observer)
    {
        _channels?.Close(observer);
        return Task.CompletedTask;
    }

    private Task RecheckChannelsAsync() =>
        _channels?.RecheckAsync(GetPrimaryKeyString(), messageOptions.Value.FeedSubscriptionLifetime, MayPublish) ?? Task.CompletedTask;

    private Task EndChannelsAsync(string reason) => _channels?.EndAllAsync(GetPrimaryKeyString(), reason) ?? Task.CompletedTask;

    private bool MayPublish(Caller caller)
    {
        try
        {
            RequirePublish(caller);
            return true;
        }
        catch (Exception exception) when (exception is AccessDeniedException or NotAuthenticatedException)
        {
            return false;
        }
    }
}
