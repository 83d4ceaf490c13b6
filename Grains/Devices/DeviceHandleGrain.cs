using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;

namespace Gatehouse.Grains.Devices;

public sealed class DeviceHandleGrain([PersistentState("handle")] IPersistentState<DeviceHandleState> handle) : Grain, IDeviceHandleGrain
{
    public async Task<bool> TryClaimAsync(string deviceId)
    {
        if (handle.State.DeviceId is { } holder && holder != deviceId && await GrainFactory.GetGrain<IDeviceGrain>(holder).ExistsAsync())
        {
            return false;
        }
        handle.State.DeviceId = deviceId;
        await handle.WriteStateAsync();
        return true;
    }

    public async Task ReleaseAsync(string deviceId)
    {
        if (handle.State.DeviceId == deviceId)
        {
            await handle.ClearStateAsync();
        }
    }

    public Task<string?> GetDeviceIdAsync() => Task.FromResult(handle.State.DeviceId);
}
