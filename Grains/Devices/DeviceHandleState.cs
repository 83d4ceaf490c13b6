namespace Gatehouse.Grains.Devices;

public sealed class DeviceHandleState
{
    public string? DeviceId { get; set; }
}
