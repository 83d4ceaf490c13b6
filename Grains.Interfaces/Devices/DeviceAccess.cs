namespace Gatehouse.Grains.Devices;

/// <summary>What sharing a device with another user grants.</summary>
public enum DeviceAccess
{
    /// <summary>Read the device, its fields and its data.</summary>
    Read,

    /// <summary>Also change the device and send data for it.</summary>
    Write,
}
